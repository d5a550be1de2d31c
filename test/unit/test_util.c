/* test_util.c: the small shared pieces: growable buffers and JSON escaping, the arena, offset
 * maps, and the CSV reader's line ends and quoting. */
#include "harness.h"

#include "csv.h"
#include "offmap.h"

static void test_json_escaping(void)
{
    pd_buf b;
    pd_buf_init(&b);
    const char in[] = "a\"b\\c\n\t\x01 \xC3\xA9 \xFF end";
    pd_buf_json_string(&b, in, sizeof in - 1);
    CHECK_STR(b.data, "\"a\\\"b\\\\c\\n\\t\\u0001 \xC3\xA9 \\ufffd end\"");
    pd_buf_free(&b);
    pd_buf_printf(&b, "%s-%d-%s", "x", 42, "a long string that is longer than nothing");
    CHECK_STR(b.data, "x-42-a long string that is longer than nothing");
    char big[1000];
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    pd_buf_printf(&b, "%s", big); /* past the small stack buffer */
    size_t first = strlen("x-42-a long string that is longer than nothing");
    CHECK_INT(b.len, first + 999);
    size_t len;
    char *taken = pd_buf_take(&b, &len);
    CHECK_INT(len, first + 999);
    CHECK(b.data == NULL && b.len == 0);
    pd_free(taken);
}

static void test_arena(void)
{
    pd_arena a;
    pd_arena_init(&a);
    char *s = pd_arena_strndup(&a, "hello world", 5);
    CHECK_STR(s, "hello");
    CHECK(pd_arena_strdup(&a, NULL) == NULL);
    void *big = pd_arena_alloc(&a, 200000); /* bigger than a block */
    CHECK(big != NULL);
    char *after = pd_arena_strdup(&a, "still fine");
    CHECK_STR(after, "still fine");
    CHECK_STR(s, "hello");
    bool aligned = true;
    for (int i = 0; i < 10000; i++) aligned &= (uintptr_t)pd_arena_alloc(&a, (size_t)i % 37 + 1) % _Alignof(max_align_t) == 0;
    CHECK(aligned);
    CHECK(pd_arena_array(&a, SIZE_MAX / 2, 4) == NULL); /* overflow is refused */
    pd_arena_free(&a);
}

static void test_offmap(void)
{
    pd_offmap m;
    pd_offmap_init(&m);
    size_t a, b;
    pd_offmap_range(&m, 3, 7, &a, &b); /* empty map: identity */
    CHECK(a == 3 && b == 7);
    /* "x&amp;y" -> "x&y": copy, atomic entity, copy (merged where they continue each other) */
    pd_offmap_add(&m, 0, 1, 0, 1);
    pd_offmap_add(&m, 1, 1, 1, 5);
    pd_offmap_add(&m, 2, 1, 6, 1);
    pd_offmap_add(&m, 3, 2, 7, 2);
    CHECK_INT(m.count, 3);
    pd_offmap_range(&m, 1, 2, &a, &b);
    CHECK(a == 1 && b == 6);
    pd_offmap_range(&m, 0, 3, &a, &b);
    CHECK(a == 0 && b == 7);
    pd_offmap_range(&m, 3, 5, &a, &b);
    CHECK(a == 7 && b == 9);
    /* a separator with no source maps to an empty range */
    pd_offmap_add(&m, 5, 2, 9, 0);
    pd_offmap_range(&m, 5, 7, &a, &b);
    CHECK(a == 9 && b == 9);
    pd_offmap_reset(&m);
    CHECK_INT(m.count, 0);
    pd_offmap_free(&m);
}

static void test_csv(void)
{
    /* old-Mac CR line ends (real council data has them), CRLF, quotes spanning lines */
    const char data[] = "a,b\r1,\"two\nlines\"\r\n\"x\"\"y\",\r\n,,\n3,4";
    pd_csv c;
    pd_csv_init(&c, data, sizeof data - 1, "t.csv");
    CHECK_INT(pd_csv_next(&c, NULL), 1);
    CHECK_INT(c.line, 1);
    CHECK_INT(pd_csv_next(&c, NULL), 1);
    CHECK_INT(c.line, 2);
    CHECK(c.field_count == 2 && c.fields[1].len == 9 && memcmp(c.fields[1].data, "two\nlines", 9) == 0);
    CHECK_INT(pd_csv_next(&c, NULL), 1);
    CHECK_INT(c.line, 4);
    CHECK(c.field_count == 2 && c.fields[0].len == 3 && memcmp(c.fields[0].data, "x\"y", 3) == 0 && c.fields[1].len == 0);
    CHECK_INT(pd_csv_next(&c, NULL), 1); /* ",," is blank and skipped */
    CHECK_INT(c.line, 6);
    CHECK(c.field_count == 2 && c.fields[1].len == 1 && c.fields[1].data[0] == '4');
    CHECK_INT(pd_csv_next(&c, NULL), 0);
    pd_csv_free(&c);
}

int main(void)
{
    test_json_escaping();
    test_arena();
    test_offmap();
    test_csv();
    return harness_report();
}
