/* inputs.c — the files this run reads (see inputs.h): a small array of (device, inode). */
#include "inputs.h"
#include "mem.h"
#include <stdlib.h>
#include <sys/stat.h>

typedef struct Id { dev_t dev; ino_t ino; } Id;
static Id *ids;
static int nids, cap;

void inputs_note_fd(int fd) {
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
  for (int i = 0; i < nids; i++) if (ids[i].dev == st.st_dev && ids[i].ino == st.st_ino) return;
  if (nids == cap) {
    int ncap = cap ? 2 * cap : 16;
    Id *n = mem_realloc(ids, sizeof *n * (size_t)ncap);
    if (!n) return;   /* out of memory: the run fails elsewhere; this check is only lost */
    ids = n;
    cap = ncap;
  }
  ids[nids++] = (Id){st.st_dev, st.st_ino};
}

bool inputs_has(const char *path) {
  struct stat st;
  if (!path || stat(path, &st) != 0) return false;
  for (int i = 0; i < nids; i++) if (ids[i].dev == st.st_dev && ids[i].ino == st.st_ino) return true;
  return false;
}

void inputs_forget(void) {
  free(ids);
  ids = NULL;
  nids = cap = 0;
}
