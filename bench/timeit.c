/* timeit.c — the benchmark's stopwatch: runs one command, whole process, and prints
 *
 *   WALL_SECONDS PEAK_RSS_KIB CPU_SECONDS EXIT_STATUS
 *
 * on its own standard output (one line), so that bench/run-eval.sh needs neither GNU time
 * nor a shell with TIMEFORMAT. CPU_SECONDS is user + system time of the command and its
 * descendants: on a machine shared with other work it moves less than the wall time.
 *
 *   timeit [-o OUT] [-e ERR] [-i IN] -- COMMAND [ARG…]
 *
 * The command's standard output goes to OUT (default /dev/null), its standard error to ERR
 * (default: inherited), its standard input comes from IN (default: inherited). Wall time is
 * CLOCK_MONOTONIC around fork/exec/wait4; the peak RSS is ru_maxrss from wait4, which on
 * Linux covers the command and every descendant it waited for. EXIT_STATUS is the
 * command's exit code, or 128 + signal; 127 when it cannot be started. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char usage[] = "usage: timeit [-o OUT] [-e ERR] [-i IN] -- COMMAND [ARG...]\n";

typedef struct {
  const char *out, *err, *in;
  char **argv;
} Job;

static int parse_args(int argc, char **argv, Job *job) {
  *job = (Job){.out = "/dev/null"};
  int i = 1;
  for (; i < argc && strcmp(argv[i], "--"); i += 2) {
    if (i + 1 >= argc) return -1;
    if (!strcmp(argv[i], "-o")) job->out = argv[i + 1];
    else if (!strcmp(argv[i], "-e")) job->err = argv[i + 1];
    else if (!strcmp(argv[i], "-i")) job->in = argv[i + 1];
    else return -1;
  }
  if (i + 1 >= argc) return -1;
  job->argv = argv + i + 1;
  return 0;
}

/* In the child: open path onto fd, or exit 127. */
static void redirect(const char *path, int fd, int flags) {
  if (!path) return;
  int f = open(path, flags, 0644);
  if (f < 0 || dup2(f, fd) < 0) { perror(path); _exit(127); }
  close(f);
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  Job job;
  if (parse_args(argc, argv, &job)) { fputs(usage, stderr); return 2; }
  fflush(stdout);
  double start = now();
  pid_t pid = fork();
  if (pid < 0) { perror("fork"); return 2; }
  if (pid == 0) {
    redirect(job.in, 0, O_RDONLY);
    redirect(job.out, 1, O_WRONLY | O_CREAT | O_TRUNC);
    redirect(job.err, 2, O_WRONLY | O_CREAT | O_TRUNC);
    execvp(job.argv[0], job.argv);
    perror(job.argv[0]);
    _exit(127);
  }
  int status;
  struct rusage ru;
  if (wait4(pid, &status, 0, &ru) < 0) { perror("wait4"); return 2; }
  double wall = now() - start;
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
               (double)ru.ru_stime.tv_usec / 1e6;
  printf("%.3f %ld %.3f %d\n", wall, (long)ru.ru_maxrss, cpu, code);
  return 0;
}
