#ifndef FAIRLUA_CIMAGE_H
#define FAIRLUA_CIMAGE_H

#include <stddef.h>

/// A decoded image: height x width x channels samples, row-major, 8-bit (unsigned char) or 16-bit
/// (native-endian unsigned short) as bit_depth says. Palette and low-bit-depth PNGs are expanded to 8-bit
/// grey or RGB(A); transparency chunks become an alpha channel.
typedef struct {
    int width;
    int height;
    int channels;
    int bit_depth;
    void *pixels;
    /// Why decoding failed (empty on success).
    char error[200];
} ci_image;

/// Decodes a PNG held in memory. Returns 0 on success; otherwise 1 with `error` set and nothing to free.
/// An image of more than `max_samples` samples (width x height x channels) is refused before decoding.
int ci_decode_png(const unsigned char *bytes, size_t length, size_t max_samples, ci_image *out);

/// Decodes a baseline or progressive JPEG (grey or colour) held in memory. Returns 0 on success;
/// otherwise 1 with `error` set. A truncated or corrupt stream is an error, not a grey-filled image.
/// `max_samples` as for PNG.
int ci_decode_jpeg(const unsigned char *bytes, size_t length, size_t max_samples, ci_image *out);

/// Releases the pixels of a successfully decoded image.
void ci_free(ci_image *image);

#endif
