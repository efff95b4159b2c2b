/* cli_todo.c — commands whose implementation has not landed yet. They say so plainly and
 * exit 2 instead of pretending to work. Each moves to its own file when it lands. */
#include "cli.h"
#include "intl.h"

static int not_yet(const Command *self) {
  fprintf(stderr, _("pvs %s: not available in this version yet\n"), self->name);
  return 2;
}
int cmd_explain(const Command *self, int argc, char **argv) { (void)argc; (void)argv; return not_yet(self); }
