/* The zmq_* functions the Jupyter kernel calls, forwarded to libzmq.so.5 loaded on first use (see
 * include/shim.h). When the library cannot be loaded, one message goes to stderr, the calls fail with
 * errno ELIBACC (NULL or -1) and zmq_strerror explains. */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "shim.h"

static struct {
  void *(*ctx_new)(void);
  int (*errno_)(void);
  const char *(*strerror_)(int);
  void *(*socket)(void *, int);
  int (*close)(void *);
  int (*setsockopt)(void *, int, const void *, size_t);
  int (*bind)(void *, const char *);
  int (*send)(void *, const void *, size_t, int);
  int (*poll)(zmq_pollitem_t *, int, long);
  int (*msg_init)(zmq_msg_t *);
  int (*msg_recv)(zmq_msg_t *, void *, int);
  int (*msg_close)(zmq_msg_t *);
  void *(*msg_data)(zmq_msg_t *);
  size_t (*msg_size)(const zmq_msg_t *);
  int (*msg_more)(const zmq_msg_t *);
} fk_zmq;

static int fk_zmq_ok;
static char fk_zmq_error[512];
static pthread_once_t fk_zmq_once = PTHREAD_ONCE_INIT;

static void fk_zmq_load(void) {
  void *lib = dlopen("libzmq.so.5", RTLD_NOW | RTLD_LOCAL);
  char why[256] = "not found";
  if (lib == NULL) {
    const char *e = dlerror();
    if (e != NULL) snprintf(why, sizeof why, "%s", e);
    lib = dlopen("libzmq.so", RTLD_NOW | RTLD_LOCAL);   /* the development symlink, if that is all there is */
  }
  const char *missing = NULL;
#define FK_SYM(field, name) \
  if (lib != NULL && missing == NULL && (*(void **)&fk_zmq.field = dlsym(lib, name)) == NULL) missing = name;
  FK_SYM(ctx_new, "zmq_ctx_new") FK_SYM(errno_, "zmq_errno") FK_SYM(strerror_, "zmq_strerror")
  FK_SYM(socket, "zmq_socket") FK_SYM(close, "zmq_close") FK_SYM(setsockopt, "zmq_setsockopt")
  FK_SYM(bind, "zmq_bind") FK_SYM(send, "zmq_send") FK_SYM(poll, "zmq_poll")
  FK_SYM(msg_init, "zmq_msg_init") FK_SYM(msg_recv, "zmq_msg_recv") FK_SYM(msg_close, "zmq_msg_close")
  FK_SYM(msg_data, "zmq_msg_data") FK_SYM(msg_size, "zmq_msg_size") FK_SYM(msg_more, "zmq_msg_more")
#undef FK_SYM
  if (lib == NULL) {
    snprintf(fk_zmq_error, sizeof fk_zmq_error,
             "cannot load ZeroMQ (%s); the Jupyter kernel needs it (Debian: apt install libzmq5)", why);
  } else if (missing != NULL) {
    snprintf(fk_zmq_error, sizeof fk_zmq_error, "the loaded ZeroMQ library has no %s (libzmq 4.x needed)", missing);
  } else {
    fk_zmq_ok = 1;
    return;
  }
  fprintf(stderr, "fairlua: %s\n", fk_zmq_error);
}

/** Whether libzmq is loaded (loading it on the first call); sets errno to ELIBACC when it is not. */
static int fk_zmq_ready(void) {
  pthread_once(&fk_zmq_once, fk_zmq_load);
  if (!fk_zmq_ok) errno = ELIBACC;
  return fk_zmq_ok;
}

void *zmq_ctx_new(void) { return fk_zmq_ready() ? fk_zmq.ctx_new() : NULL; }
int zmq_errno(void) { return fk_zmq_ready() ? fk_zmq.errno_() : ELIBACC; }
const char *zmq_strerror(int errnum) { return fk_zmq_ready() ? fk_zmq.strerror_(errnum) : fk_zmq_error; }
void *zmq_socket(void *context, int type) { return fk_zmq_ready() ? fk_zmq.socket(context, type) : NULL; }
int zmq_close(void *s) { return fk_zmq_ready() ? fk_zmq.close(s) : -1; }
int zmq_setsockopt(void *s, int option, const void *value, size_t length) {
  return fk_zmq_ready() ? fk_zmq.setsockopt(s, option, value, length) : -1;
}
int zmq_bind(void *s, const char *address) { return fk_zmq_ready() ? fk_zmq.bind(s, address) : -1; }
int zmq_send(void *s, const void *buffer, size_t length, int flags) {
  return fk_zmq_ready() ? fk_zmq.send(s, buffer, length, flags) : -1;
}
int zmq_poll(zmq_pollitem_t *items, int count, long timeout) {
  return fk_zmq_ready() ? fk_zmq.poll(items, count, timeout) : -1;
}
int zmq_msg_init(zmq_msg_t *msg) { return fk_zmq_ready() ? fk_zmq.msg_init(msg) : -1; }
int zmq_msg_recv(zmq_msg_t *msg, void *s, int flags) { return fk_zmq_ready() ? fk_zmq.msg_recv(msg, s, flags) : -1; }
int zmq_msg_close(zmq_msg_t *msg) { return fk_zmq_ready() ? fk_zmq.msg_close(msg) : -1; }
void *zmq_msg_data(zmq_msg_t *msg) { return fk_zmq_ready() ? fk_zmq.msg_data(msg) : NULL; }
size_t zmq_msg_size(const zmq_msg_t *msg) { return fk_zmq_ready() ? fk_zmq.msg_size(msg) : 0; }
int zmq_msg_more(const zmq_msg_t *msg) { return fk_zmq_ready() ? fk_zmq.msg_more(msg) : 0; }
