/* fuzz_files.h: keeps the policy loader's fuzz target off the file system. A policy's `src`
 * attributes may name absolute paths (relative ones resolve to built-in files, as the target
 * loads its input under a "builtin:" name), and a mutated input could name /dev/zero or a FIFO.
 * The target is linked with -Wl,--wrap=fopen,--wrap=fopen64: while an input is being run every
 * fopen the library makes fails with EACCES, which the library reports as an unreadable file
 * (the path it takes for a missing file). libFuzzer's and the replay main's own file reading
 * goes through unchanged. */
#ifndef PD_FUZZ_FILES_H
#define PD_FUZZ_FILES_H

#include <errno.h>
#include <stdio.h>

static int fuzz_refuse_files;

FILE *__real_fopen(const char *path, const char *mode);
FILE *__wrap_fopen(const char *path, const char *mode);
FILE *__real_fopen64(const char *path, const char *mode);
FILE *__wrap_fopen64(const char *path, const char *mode);

FILE *__wrap_fopen(const char *path, const char *mode)
{
    if (fuzz_refuse_files) {
        errno = EACCES;
        return NULL;
    }
    return __real_fopen(path, mode);
}

FILE *__wrap_fopen64(const char *path, const char *mode)
{
    if (fuzz_refuse_files) {
        errno = EACCES;
        return NULL;
    }
    return __real_fopen64(path, mode);
}

#endif
