/* main.c — command line: dispatches a table of subcommands. */
#include <stdio.h>
int main(void) { puts("pvs " PVS_VERSION); return 0; }
