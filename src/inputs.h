/* inputs.h — the files this run reads, so that no output is written over one of them
 * (`pvs eval x.pvs -o x.pvs`, `--format csv -o data.csv`, `doc s.pvs -o s.pvs`). Readers
 * (parse.c, csv.c) note each file they open; writers ask before replacing a path. Files are
 * known by device and inode: a symbolic link or another spelling of the path is caught too. */
#ifndef PVS_INPUTS_H
#define PVS_INPUTS_H
#include <stdbool.h>

void inputs_note_fd(int fd);               /* the file open on fd is an input of this run */
bool inputs_has(const char *path);         /* path (followed) is one of them */
void inputs_forget(void);                  /* frees what is noted (end of run, tests) */
#endif
