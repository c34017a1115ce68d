/*
 * Runs the cross-language conformance cases through the C ABI.
 *
 * Usage: conformance CASES_DIR
 *
 * Each subdirectory of CASES_DIR contains a Dockerfile, an optional options.json and
 * expected.json. Every case is linted twice, once with plimsoll_lint and once with a
 * plimsoll_linter handle, and both outputs must equal expected.json without its trailing
 * newlines. An image case has an image.json instead of a Dockerfile, which is linted once with
 * plimsoll_lint_image_config under the name "image.json". The last line printed is "N passed, M failed"; the exit status is 1 if a case
 * failed or none was found.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "plimsoll.h"

/* The contents of a file, with a NUL byte after them. */
typedef struct {
    char *data;
    size_t len;
} file_contents;

/*
 * Reads the file at dir/name into *contents. Returns false if it cannot be read; a missing
 * file is an error only if required is true, and otherwise reads as empty.
 */
static bool read_file(const char *dir, const char *name, bool required,
                      file_contents *contents) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    contents->data = NULL;
    contents->len = 0;

    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        if (!required && errno == ENOENT) {
            contents->data = calloc(1, 1);
            return contents->data != NULL;
        }
        fprintf(stderr, "failed to open %s: %s\n", path, strerror(errno));
        return false;
    }

    size_t capacity = 4096;
    char *data = malloc(capacity);
    size_t len = 0;
    size_t read;
    while (data != NULL && (read = fread(data + len, 1, capacity - len - 1, file)) > 0) {
        len += read;
        if (capacity - len - 1 == 0) {
            capacity *= 2;
            char *grown = realloc(data, capacity);
            if (grown == NULL) {
                free(data);
            }
            data = grown;
        }
    }
    bool ok = data != NULL && !ferror(file);
    fclose(file);
    if (!ok) {
        fprintf(stderr, "failed to read %s\n", path);
        free(data);
        return false;
    }

    data[len] = '\0';
    contents->data = data;
    contents->len = len;
    return true;
}

/*
 * Compares an output buffer with the expected bytes and prints where they first differ.
 * `via` names the API that produced the output.
 */
static bool matches(const char *case_name, const char *via, plimsoll_bytes output,
                    const char *expected, size_t expected_len) {
    if (output.data == NULL) {
        printf("FAIL %s (%s): no output buffer\n", case_name, via);
        return false;
    }
    if (output.len == expected_len && memcmp(output.data, expected, expected_len) == 0) {
        return true;
    }

    size_t offset = 0;
    while (offset < output.len && offset < expected_len &&
           output.data[offset] == (uint8_t)expected[offset]) {
        offset++;
    }
    printf("FAIL %s (%s): output differs from expected.json at byte %zu "
           "(output %zu bytes, expected %zu bytes)\n",
           case_name, via, offset, output.len, expected_len);
    printf("  output:   %.60s\n", (const char *)output.data + offset);
    printf("  expected: %.60s\n", expected + offset);
    return false;
}

/* Returns true if `json` is the {"error":...} JSON of a rejected call. */
static bool is_error_json(const char *json, size_t len) {
    static const char prefix[] = "{\"error\":";
    return len >= sizeof prefix - 1 && memcmp(json, prefix, sizeof prefix - 1) == 0;
}

/* Checks that the status agrees with the kind of output in expected.json. */
static bool status_agrees(const char *case_name, const char *via, plimsoll_status status,
                          bool expect_error) {
    if ((status == PLIMSOLL_STATUS_OK) != expect_error) {
        return true;
    }
    printf("FAIL %s (%s): status %d, but expected.json %s an error\n", case_name, via,
           (int)status, expect_error ? "is" : "is not");
    return false;
}

/* Returns true if dir/name exists. */
static bool has_file(const char *dir, const char *name) {
    char path[4096];
    struct stat info;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &info) == 0;
}

/* Lints the image config of the image case in `dir` with plimsoll_lint_image_config. */
static bool run_image_case(const char *dir, const char *case_name) {
    file_contents config, options, expected;
    bool read = read_file(dir, "image.json", true, &config);
    read = read_file(dir, "options.json", false, &options) && read;
    read = read_file(dir, "expected.json", true, &expected) && read;
    if (!read) {
        printf("FAIL %s: the case files cannot be read\n", case_name);
        free(config.data);
        free(options.data);
        free(expected.data);
        return false;
    }

    while (expected.len > 0 && expected.data[expected.len - 1] == '\n') {
        expected.len--;
    }
    bool expect_error = is_error_json(expected.data, expected.len);
    static const char name[] = "image.json";

    plimsoll_bytes output = {0};
    plimsoll_status status = plimsoll_lint_image_config(
        (const uint8_t *)name, sizeof name - 1, (const uint8_t *)config.data, config.len,
        (const uint8_t *)options.data, options.len, &output);
    bool ok = status_agrees(case_name, "plimsoll_lint_image_config", status, expect_error);
    ok = matches(case_name, "plimsoll_lint_image_config", output, expected.data,
                 expected.len) &&
         ok;
    plimsoll_bytes_free(output);

    free(config.data);
    free(options.data);
    free(expected.data);
    return ok;
}

/* Lints the case in `dir` with plimsoll_lint and with a linter handle. */
static bool run_case(const char *dir, const char *case_name) {
    if (!has_file(dir, "Dockerfile")) {
        return run_image_case(dir, case_name);
    }
    file_contents source, options, expected;
    bool read = read_file(dir, "Dockerfile", true, &source);
    read = read_file(dir, "options.json", false, &options) && read;
    read = read_file(dir, "expected.json", true, &expected) && read;
    if (!read) {
        printf("FAIL %s: the case files cannot be read\n", case_name);
        free(source.data);
        free(options.data);
        free(expected.data);
        return false;
    }

    /* The runners compare with expected.json less its trailing newlines. */
    while (expected.len > 0 && expected.data[expected.len - 1] == '\n') {
        expected.len--;
    }
    bool expect_error = is_error_json(expected.data, expected.len);
    const uint8_t *source_bytes = (const uint8_t *)source.data;
    const uint8_t *options_bytes = (const uint8_t *)options.data;

    plimsoll_bytes output = {0};
    plimsoll_status status =
        plimsoll_lint(source_bytes, source.len, options_bytes, options.len, &output);
    bool ok = status_agrees(case_name, "plimsoll_lint", status, expect_error);
    ok = matches(case_name, "plimsoll_lint", output, expected.data, expected.len) && ok;
    plimsoll_bytes_free(output);

    /*
     * A handle rejects invalid options at creation. Only a missing target stage passes,
     * because only a lint can find it. Either way the error JSON must be the expected one.
     */
    plimsoll_bytes error = {0};
    plimsoll_linter *linter = plimsoll_linter_new(options_bytes, options.len, &error);
    if (linter == NULL) {
        if (!expect_error) {
            printf("FAIL %s (plimsoll_linter_new): returned NULL, but expected.json is not an "
                   "error\n",
                   case_name);
            ok = false;
        }
        ok = matches(case_name, "plimsoll_linter_new", error, expected.data, expected.len) &&
             ok;
    } else {
        plimsoll_bytes handle_output = {0};
        status = plimsoll_linter_lint(linter, source_bytes, source.len, &handle_output);
        ok = status_agrees(case_name, "plimsoll_linter_lint", status, expect_error) && ok;
        ok = matches(case_name, "plimsoll_linter_lint", handle_output, expected.data,
                     expected.len) &&
             ok;
        plimsoll_bytes_free(handle_output);
    }
    plimsoll_bytes_free(error);
    plimsoll_linter_free(linter);

    free(source.data);
    free(options.data);
    free(expected.data);
    return ok;
}

static int compare_names(const void *left, const void *right) {
    return strcmp(*(char *const *)left, *(char *const *)right);
}

/* Lists the subdirectories of `dir`, sorted by name. Returns the count, or -1 on error. */
static long list_cases(const char *dir, char ***names_out) {
    DIR *stream = opendir(dir);
    if (stream == NULL) {
        fprintf(stderr, "failed to open the cases directory %s: %s\n", dir, strerror(errno));
        return -1;
    }

    char **names = NULL;
    long count = 0;
    struct dirent *entry;
    while ((entry = readdir(stream)) != NULL) {
        if (entry->d_name[0] == '.') {
            continue;
        }
        char path[4096];
        struct stat info;
        snprintf(path, sizeof path, "%s/%s", dir, entry->d_name);
        if (stat(path, &info) != 0 || !S_ISDIR(info.st_mode)) {
            continue;
        }
        char **grown = realloc(names, (size_t)(count + 1) * sizeof *names);
        char *name = strdup(entry->d_name);
        if (grown == NULL || name == NULL) {
            fprintf(stderr, "out of memory while listing %s\n", dir);
            free(name);
            names = grown != NULL ? grown : names;
            while (count > 0) {
                free(names[--count]);
            }
            free(names);
            closedir(stream);
            return -1;
        }
        names = grown;
        names[count++] = name;
    }
    closedir(stream);

    if (count > 0) {
        qsort(names, (size_t)count, sizeof *names, compare_names);
    }
    *names_out = names;
    return count;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s CASES_DIR\n", argv[0]);
        return 2;
    }

    char **names = NULL;
    long count = list_cases(argv[1], &names);
    if (count < 0) {
        return 2;
    }

    long passed = 0;
    long failed = 0;
    for (long index = 0; index < count; index++) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/%s", argv[1], names[index]);
        if (run_case(dir, names[index])) {
            printf("ok %s\n", names[index]);
            passed++;
        } else {
            failed++;
        }
        free(names[index]);
    }
    free(names);

    if (count == 0) {
        fprintf(stderr, "no conformance cases found in %s\n", argv[1]);
    }
    printf("%ld passed, %ld failed\n", passed, failed);
    return failed == 0 && count > 0 ? 0 : 1;
}
