/*
 * Power loss for a test's redis-server (LD_PRELOAD). Killing a process with SIGKILL loses nothing
 * it wrote: the kernel's page cache still holds it. A machine that loses power loses what was not
 * fsync'd yet, and that is where `appendfsync always`, `everysec` and `no` differ. This shim makes
 * a SIGKILL behave like a power cut for the files whose path contains POWER_LOSS_MATCH: their
 * writes are held in the process until fsync/fdatasync (or close) and only then reach the file,
 * so whatever was written but not synced dies with the process.
 *
 * Built by test/support/power-loss.ts with the system's C compiler.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#define MAX_FD 65536

struct held {
  char *data;
  size_t length;
  size_t capacity;
  int tracked;
};

static struct held files[MAX_FD];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static ssize_t (*real_write)(int, const void *, size_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_close)(int);
static int (*real_open)(const char *, int, ...);
static int (*real_open64)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);

static void resolve(void) {
  if (real_write) return;
  real_fsync = dlsym(RTLD_NEXT, "fsync");
  real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
  real_close = dlsym(RTLD_NEXT, "close");
  real_open = dlsym(RTLD_NEXT, "open");
  real_open64 = dlsym(RTLD_NEXT, "open64");
  real_openat = dlsym(RTLD_NEXT, "openat");
  real_write = dlsym(RTLD_NEXT, "write");
}

static void track(int fd, const char *path) {
  const char *match = getenv("POWER_LOSS_MATCH");
  if (fd < 0 || fd >= MAX_FD || !match || !path || !strstr(path, match)) return;
  pthread_mutex_lock(&lock);
  files[fd].length = 0;
  files[fd].tracked = 1;
  pthread_mutex_unlock(&lock);
}

/* Writes what is held to the file; the caller holds the lock. */
static int release(int fd) {
  struct held *h = &files[fd];
  size_t done = 0;
  while (done < h->length) {
    ssize_t n = real_write(fd, h->data + done, h->length - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    done += (size_t)n;
  }
  h->length = 0;
  return 0;
}

#define OPEN_WITH_MODE(real, ...)                        \
  mode_t mode = 0;                                        \
  if (flags & (O_CREAT | O_TMPFILE)) {                    \
    va_list args;                                         \
    va_start(args, flags);                                \
    mode = (mode_t)va_arg(args, int);                     \
    va_end(args);                                         \
  }                                                       \
  resolve();                                              \
  int fd = real(__VA_ARGS__, flags, mode);                \
  track(fd, path);                                        \
  return fd;

int open(const char *path, int flags, ...) { OPEN_WITH_MODE(real_open, path) }
int open64(const char *path, int flags, ...) { OPEN_WITH_MODE(real_open64, path) }
int openat(int dir, const char *path, int flags, ...) { OPEN_WITH_MODE(real_openat, dir, path) }

ssize_t write(int fd, const void *buf, size_t count) {
  resolve();
  if (fd < 0 || fd >= MAX_FD || !files[fd].tracked) return real_write(fd, buf, count);
  pthread_mutex_lock(&lock);
  struct held *h = &files[fd];
  if (h->length + count > h->capacity) {
    size_t capacity = h->capacity ? h->capacity : 65536;
    while (capacity < h->length + count) capacity *= 2;
    char *grown = realloc(h->data, capacity);
    if (!grown) {
      pthread_mutex_unlock(&lock);
      errno = ENOSPC;
      return -1;
    }
    h->data = grown;
    h->capacity = capacity;
  }
  memcpy(h->data + h->length, buf, count);
  h->length += count;
  pthread_mutex_unlock(&lock);
  return (ssize_t)count;
}

static int synced(int fd, int data_only) {
  resolve();
  int (*real)(int) = data_only ? real_fdatasync : real_fsync;
  if (fd >= 0 && fd < MAX_FD && files[fd].tracked) {
    pthread_mutex_lock(&lock);
    int failed = release(fd);
    pthread_mutex_unlock(&lock);
    if (failed) return -1;
  }
  return real(fd);
}

int fsync(int fd) { return synced(fd, 0); }
int fdatasync(int fd) { return synced(fd, 1); }

/* A close is no crash: what was held reaches the page cache, as it would have all along. */
int close(int fd) {
  resolve();
  if (fd >= 0 && fd < MAX_FD && files[fd].tracked) {
    pthread_mutex_lock(&lock);
    release(fd);
    files[fd].tracked = 0;
    pthread_mutex_unlock(&lock);
  }
  return real_close(fd);
}
