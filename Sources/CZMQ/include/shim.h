/* ZeroMQ (Debian's libzmq3-dev for this header, libzmq5 at run time) for the Jupyter kernel's sockets,
 * and the two stdio calls the kernel's output capture needs (Swift 6 cannot touch C's `stdout` global).
 * The executable does not link libzmq: ZMQLoader.c defines the zmq_* functions the kernel calls and
 * loads libzmq.so.5 with dlopen on the first of them, so that plain start-up (`fairlua -e ''`) does not
 * load and relocate libzmq and its dependencies. */
#include <stdio.h>
#include <zmq.h>

/** Makes stdout line-buffered (it is a pipe under the kernel): print output leaves at each newline. */
static inline void fk_line_buffer_stdout(void) { setvbuf(stdout, NULL, _IOLBF, 0); }

/** Flushes C's stdout and stderr buffers. */
static inline void fk_flush_stdio(void) { fflush(stdout); fflush(stderr); }
