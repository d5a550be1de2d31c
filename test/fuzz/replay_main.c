/* replay_main.c: a main() for the fuzz targets when they are not built with libFuzzer (gcc, or
 * clang without -Dfuzzing=true), after dav1d's tests/libfuzzer/main.c. Every file named on the
 * command line, and every file in every directory named (not recursively, in name order), is
 * run once through LLVMFuzzerTestOneInput, so the seed corpus and the crash regressions replay in
 * the ordinary test suite under any compiler and sanitizer. A violated invariant aborts (the test
 * fails); otherwise it prints "N passed, 0 failed". A path that cannot be read is a failure.
 *
 * usage: fuzz_TARGET PATH... */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: cannot open\n", path);
        return -1;
    }
    size_t cap = 4096, len = 0;
    uint8_t *data = malloc(cap);
    size_t n;
    while (data && (n = fread(data + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            uint8_t *grown = realloc(data, cap * 2);
            if (!grown) {
                free(data);
                data = NULL;
                break;
            }
            data = grown;
            cap *= 2;
        }
    }
    int failed = ferror(f) || !data;
    fclose(f);
    if (failed) {
        free(data);
        fprintf(stderr, "%s: cannot read\n", path);
        return -1;
    }
    /* an exact-size copy, as libFuzzer passes it: ASan catches any read past the end */
    uint8_t *exact = malloc(len ? len : 1);
    if (!exact) {
        free(data);
        return -1;
    }
    if (len) memcpy(exact, data, len);
    free(data);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
    int passed = 0, failed = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "%s: no such file or directory\n", argv[i]);
            failed++;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            if (run_file(argv[i]) == 0) passed++;
            else failed++;
            continue;
        }
        struct dirent **names = NULL;
        int n = scandir(argv[i], &names, NULL, by_name);
        if (n < 0) {
            fprintf(stderr, "%s: cannot list\n", argv[i]);
            failed++;
            continue;
        }
        for (int k = 0; k < n; k++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[i], names[k]->d_name);
            if (names[k]->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
                if (run_file(path) == 0) passed++;
                else failed++;
            }
            free(names[k]);
        }
        free(names);
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
