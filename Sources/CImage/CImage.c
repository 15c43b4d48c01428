// PNG and JPEG decoding through Debian's libpng and libjpeg-turbo. Both libraries report errors by
// longjmp, which Swift cannot catch, so every call into them is wrapped here behind setjmp and turned
// into a return code and a message.
#include "CImage.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

static void set_error(ci_image *out, const char *message) {
    snprintf(out->error, sizeof out->error, "%s", message);
}

// ---- PNG ----

typedef struct {
    const unsigned char *bytes;
    size_t length;
    size_t offset;
    ci_image *out;
} png_source;

static void png_read_memory(png_structp png, png_bytep data, size_t count) {
    png_source *source = (png_source *)png_get_io_ptr(png);
    if (count > source->length - source->offset) png_error(png, "the file ends early (truncated)");
    memcpy(data, source->bytes + source->offset, count);
    source->offset += count;
}

static void png_fail(png_structp png, png_const_charp message) {
    png_source *source = (png_source *)png_get_error_ptr(png);
    set_error(source->out, message);
    png_longjmp(png, 1);
}

static void png_warn(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

int ci_decode_png(const unsigned char *bytes, size_t length, size_t max_samples, ci_image *out) {
    memset(out, 0, sizeof *out);
    if (length < 8 || png_sig_cmp(bytes, 0, 8) != 0) {
        set_error(out, "not a PNG file (bad signature)");
        return 1;
    }
    png_source source = {bytes, length, 0, out};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &source, png_fail, png_warn);
    if (!png) {
        set_error(out, "out of memory");
        return 1;
    }
    png_infop info = png_create_info_struct(png);
    unsigned char *volatile pixels = NULL;
    png_bytep *volatile rows = NULL;
    if (!info || setjmp(png_jmpbuf(png))) {
        free(pixels);
        free(rows);
        png_destroy_read_struct(&png, info ? &info : NULL, NULL);
        if (!out->error[0]) set_error(out, "out of memory");
        return 1;
    }
    png_set_read_fn(png, &source, png_read_memory);
    png_read_info(png, info);
    int color = png_get_color_type(png, info);
    int depth = png_get_bit_depth(png, info);
    if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    if (depth == 16) png_set_swap(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);

    png_uint_32 width = png_get_image_width(png, info);
    png_uint_32 height = png_get_image_height(png, info);
    size_t rowbytes = png_get_rowbytes(png, info);
    if (width == 0 || height == 0 || (size_t)height > ((size_t)1 << 40) / rowbytes) png_error(png, "image too large");
    /* checked before anything is allocated: a 30000 x 30000 image compresses to under 1 MB */
    if ((size_t)width * (size_t)height * png_get_channels(png, info) > max_samples) png_error(png, "image too large (a decompression bomb?)");
    pixels = malloc(rowbytes * height);
    rows = malloc(sizeof(png_bytep) * height);
    if (!pixels || !rows) png_error(png, "out of memory");
    for (png_uint_32 y = 0; y < height; y++) rows[y] = pixels + (size_t)y * rowbytes;
    png_read_image(png, rows);
    png_read_end(png, NULL);

    out->width = (int)width;
    out->height = (int)height;
    out->channels = png_get_channels(png, info);
    out->bit_depth = png_get_bit_depth(png, info);
    out->pixels = pixels;
    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    return 0;
}

// ---- JPEG ----

typedef struct {
    struct jpeg_error_mgr manager;
    jmp_buf jump;
    ci_image *out;
} jpeg_failure;

static void jpeg_fail(j_common_ptr cinfo) {
    jpeg_failure *failure = (jpeg_failure *)cinfo->err;
    char message[JMSG_LENGTH_MAX];
    cinfo->err->format_message(cinfo, message);
    set_error(failure->out, message);
    longjmp(failure->jump, 1);
}

// Warnings (such as "Premature end of JPEG file") mean the decoded pixels are not the image: fail.
static void jpeg_message(j_common_ptr cinfo, int level) {
    if (level < 0) jpeg_fail(cinfo);
}

int ci_decode_jpeg(const unsigned char *bytes, size_t length, size_t max_samples, ci_image *out) {
    memset(out, 0, sizeof *out);
    if (length < 3 || bytes[0] != 0xFF || bytes[1] != 0xD8) {
        set_error(out, "not a JPEG file (bad signature)");
        return 1;
    }
    struct jpeg_decompress_struct cinfo;
    jpeg_failure failure;
    failure.out = out;
    cinfo.err = jpeg_std_error(&failure.manager);
    failure.manager.error_exit = jpeg_fail;
    failure.manager.emit_message = jpeg_message;
    jpeg_create_decompress(&cinfo);
    unsigned char *volatile pixels = NULL;
    if (setjmp(failure.jump)) {
        free(pixels);
        jpeg_destroy_decompress(&cinfo);
        return 1;
    }
    jpeg_mem_src(&cinfo, bytes, (unsigned long)length);
    jpeg_read_header(&cinfo, TRUE);
    if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) {
        set_error(out, "CMYK JPEG images are not supported; convert to RGB");
        longjmp(failure.jump, 1);
    }
    cinfo.out_color_space = cinfo.num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
    if ((size_t)cinfo.image_width * (size_t)cinfo.image_height * (size_t)cinfo.num_components > max_samples) {
        set_error(out, "image too large (a decompression bomb?)");
        longjmp(failure.jump, 1);
    }
    jpeg_start_decompress(&cinfo);
    size_t stride = (size_t)cinfo.output_width * (size_t)cinfo.output_components;
    pixels = malloc(stride * cinfo.output_height);
    if (!pixels) {
        set_error(out, "out of memory");
        longjmp(failure.jump, 1);
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = pixels + (size_t)cinfo.output_scanline * stride;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    out->width = (int)cinfo.output_width;
    out->height = (int)cinfo.output_height;
    out->channels = cinfo.output_components;
    out->bit_depth = 8;
    out->pixels = pixels;
    jpeg_destroy_decompress(&cinfo);
    return 0;
}

void ci_free(ci_image *image) {
    free(image->pixels);
    image->pixels = NULL;
}
