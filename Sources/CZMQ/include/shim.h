/* ZeroMQ (Debian's libzmq3-dev) for the Jupyter kernel's sockets, and the two stdio calls the kernel's
 * output capture needs (Swift 6 cannot touch C's `stdout` global). */
#include <stdio.h>
#include <zmq.h>

/** Makes stdout line-buffered (it is a pipe under the kernel): print output leaves at each newline. */
static inline void fk_line_buffer_stdout(void) { setvbuf(stdout, NULL, _IOLBF, 0); }

/** Flushes C's stdout and stderr buffers. */
static inline void fk_flush_stdio(void) { fflush(stdout); fflush(stderr); }
