/*
 * Tests of the C ABI's contract: statuses, error buffers, ownership and the panic boundary.
 *
 * Link against a library built with `--features test-hooks`, which exports
 * plimsoll_test_panic. The last line printed is "N passed, M failed"; the exit status is 1 if
 * a test failed.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plimsoll.h"

/* Exported only with the test-hooks feature, so the header leaves it out. */
plimsoll_status plimsoll_test_panic(plimsoll_bytes *out);

/* False once a check of the running test has failed. */
static bool test_ok;

#define CHECK(condition)                                                          \
    do {                                                                          \
        if (!(condition)) {                                                       \
            printf("  %s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
            test_ok = false;                                                      \
        }                                                                         \
    } while (0)

/* Returns true if the buffer is non-NULL and its JSON contains `text`. */
static bool contains(plimsoll_bytes bytes, const char *text) {
    return bytes.data != NULL && strstr((const char *)bytes.data, text) != NULL;
}

static const uint8_t *bytes_of(const char *text) {
    return (const uint8_t *)text;
}

static void version_matches_header(void) {
    CHECK(strcmp(plimsoll_version(), PLIMSOLL_VERSION) == 0);

    char numbers[64];
    snprintf(numbers, sizeof numbers, "%d.%d.%d", PLIMSOLL_VERSION_MAJOR,
             PLIMSOLL_VERSION_MINOR, PLIMSOLL_VERSION_PATCH);
    CHECK(strncmp(PLIMSOLL_VERSION, numbers, strlen(numbers)) == 0);
}

static void lint_returns_report(void) {
    const char *source = "FROM debian:latest\n";
    plimsoll_bytes out = {0};

    plimsoll_status status = plimsoll_lint(bytes_of(source), strlen(source), NULL, 0, &out);

    CHECK(status == PLIMSOLL_STATUS_OK);
    CHECK(contains(out, "\"code\": \"DL3007\""));
    CHECK(contains(out, "\"path\": \"Dockerfile\""));
    /* The JSON is followed by a NUL byte, so it can be used as a C string. */
    CHECK(out.data != NULL);
    CHECK(out.data == NULL || strlen((const char *)out.data) == out.len);
    plimsoll_bytes_free(out);
}

static void lint_named_sets_path(void) {
    const char *path = "services/api/Dockerfile";
    const char *source = "FROM alpine:3.20\n";
    plimsoll_bytes out = {0};

    plimsoll_status status = plimsoll_lint_named(bytes_of(path), strlen(path), bytes_of(source),
                                                 strlen(source), NULL, 0, &out);

    CHECK(status == PLIMSOLL_STATUS_OK);
    CHECK(contains(out, "\"path\": \"services/api/Dockerfile\""));
    plimsoll_bytes_free(out);
}

/* A source that is not UTF-8 is linted, as by the CLI: the bad bytes become a PL0005 finding. */
static void invalid_utf8_source(void) {
    const char source[] = "FROM alpine:3.20\nLABEL a=\xff\n";
    plimsoll_bytes out = {0};
    plimsoll_bytes parsed = {0};

    plimsoll_status status =
        plimsoll_lint(bytes_of(source), sizeof source - 1, NULL, 0, &out);
    plimsoll_status parse_status = plimsoll_parse(bytes_of(source), sizeof source - 1, &parsed);

    CHECK(status == PLIMSOLL_STATUS_OK);
    CHECK(contains(out, "\"code\": \"PL0005\""));
    CHECK(parse_status == PLIMSOLL_STATUS_OK);
    CHECK(contains(parsed, "PL0005"));
    plimsoll_bytes_free(out);
    plimsoll_bytes_free(parsed);
}

static void invalid_utf8_options(void) {
    const char options[] = "{\"target\": \"\xc3";
    plimsoll_bytes out = {0};

    plimsoll_status status = plimsoll_lint(NULL, 0, bytes_of(options), sizeof options - 1, &out);

    CHECK(status == PLIMSOLL_STATUS_INVALID_UTF8);
    CHECK(contains(out, "`options_json` is not valid UTF-8"));
    plimsoll_bytes_free(out);
}

static void null_out_is_invalid_argument(void) {
    const char *source = "FROM alpine:3.20\n";

    CHECK(plimsoll_lint(bytes_of(source), strlen(source), NULL, 0, NULL) ==
          PLIMSOLL_STATUS_INVALID_ARGUMENT);
    CHECK(plimsoll_parse(bytes_of(source), strlen(source), NULL) ==
          PLIMSOLL_STATUS_INVALID_ARGUMENT);
    CHECK(plimsoll_rules(NULL) == PLIMSOLL_STATUS_INVALID_ARGUMENT);
    CHECK(plimsoll_linter_lint(NULL, NULL, 0, NULL) == PLIMSOLL_STATUS_INVALID_ARGUMENT);
}

static void null_source_with_length(void) {
    plimsoll_bytes out = {0};

    plimsoll_status status = plimsoll_lint(NULL, 5, NULL, 0, &out);

    CHECK(status == PLIMSOLL_STATUS_INVALID_ARGUMENT);
    CHECK(contains(out, "`source` is NULL but its length is 5"));
    plimsoll_bytes_free(out);
}

static void unknown_rule_is_invalid_option(void) {
    const char *options = "{\"ignore\": [\"DL9999\"]}";
    plimsoll_bytes out = {0};

    plimsoll_status status = plimsoll_lint(NULL, 0, bytes_of(options), strlen(options), &out);

    CHECK(status == PLIMSOLL_STATUS_INVALID_OPTION);
    CHECK(contains(out, "\"kind\":\"invalid_option\""));
    CHECK(contains(out, "unknown rule `DL9999`"));
    plimsoll_bytes_free(out);
}

static void panic_becomes_internal(void) {
    plimsoll_bytes out = {0};
    /* Rust's default panic hook prints the message to standard error before unwinding. */
    fprintf(stderr, "panic_becomes_internal: the panic message below is expected\n");

    plimsoll_status status = plimsoll_test_panic(&out);

    CHECK(status == PLIMSOLL_STATUS_INTERNAL);
    CHECK(contains(out, "\"kind\":\"internal\""));
    CHECK(contains(out, "plimsoll_test_panic was called"));
    plimsoll_bytes_free(out);
}

static void parse_and_rules_return_json(void) {
    const char *source = "FROM alpine:3.20\nFOO bar\n";
    plimsoll_bytes parsed = {0};
    plimsoll_bytes rules = {0};

    plimsoll_status parse_status = plimsoll_parse(bytes_of(source), strlen(source), &parsed);
    plimsoll_status rules_status = plimsoll_rules(&rules);

    CHECK(parse_status == PLIMSOLL_STATUS_OK);
    CHECK(contains(parsed, "\"instructions\""));
    CHECK(contains(parsed, "PL0002"));
    CHECK(rules_status == PLIMSOLL_STATUS_OK);
    CHECK(contains(rules, "\"code\": \"DL3007\""));
    plimsoll_bytes_free(parsed);
    plimsoll_bytes_free(rules);
}

static void freeing_nothing_is_noop(void) {
    plimsoll_bytes zeroed = {0};

    plimsoll_bytes_free(zeroed);
    plimsoll_linter_free(NULL);
}

static void linter_rejects_invalid_options(void) {
    const char *options = "{\"select\": [\"DL9999\"]}";
    plimsoll_bytes error = {0};

    plimsoll_linter *linter = plimsoll_linter_new(bytes_of(options), strlen(options), &error);

    CHECK(linter == NULL);
    CHECK(contains(error, "\"kind\":\"invalid_option\""));
    CHECK(contains(error, "unknown rule `DL9999`"));
    plimsoll_bytes_free(error);

    /* The error buffer is optional. */
    CHECK(plimsoll_linter_new(bytes_of(options), strlen(options), NULL) == NULL);
}

static void linter_lints_with_options(void) {
    const char *options = "{\"ignore\": [\"DL3007\"]}";
    const char *source = "FROM debian:latest\n";
    const char *path = "build/Dockerfile";
    plimsoll_bytes error = {0};
    plimsoll_bytes report = {0};
    plimsoll_bytes named = {0};

    plimsoll_linter *linter = plimsoll_linter_new(bytes_of(options), strlen(options), &error);
    CHECK(linter != NULL);
    CHECK(error.data == NULL);
    CHECK(error.len == 0);
    plimsoll_status status = plimsoll_linter_lint(linter, bytes_of(source), strlen(source),
                                                  &report);
    plimsoll_status named_status = plimsoll_linter_lint_named(
        linter, bytes_of(path), strlen(path), bytes_of(source), strlen(source), &named);

    CHECK(status == PLIMSOLL_STATUS_OK);
    CHECK(contains(report, "\"path\": \"Dockerfile\""));
    CHECK(!contains(report, "DL3007"));
    CHECK(named_status == PLIMSOLL_STATUS_OK);
    CHECK(contains(named, "\"path\": \"build/Dockerfile\""));
    plimsoll_bytes_free(report);
    plimsoll_bytes_free(named);
    plimsoll_linter_free(linter);
}

/* One thread's share of linter_is_thread_safe. */
typedef struct {
    const plimsoll_linter *linter;
    const char *source;
    plimsoll_bytes output;
    plimsoll_status status;
} lint_job;

static void *run_lint_job(void *argument) {
    lint_job *job = argument;
    for (int round = 0; round < 4; round++) {
        plimsoll_bytes_free(job->output);
        job->output = (plimsoll_bytes){0};
        job->status = plimsoll_linter_lint(job->linter, bytes_of(job->source),
                                           strlen(job->source), &job->output);
    }
    return NULL;
}

static void linter_is_thread_safe(void) {
    enum { THREADS = 4 };
    const char *source = "FROM debian:latest\nRUN apt-get update && apt-get install curl\n";
    plimsoll_linter *linter = plimsoll_linter_new(NULL, 0, NULL);
    plimsoll_bytes expected = {0};
    CHECK(linter != NULL);
    CHECK(plimsoll_lint(bytes_of(source), strlen(source), NULL, 0, &expected) ==
          PLIMSOLL_STATUS_OK);

    pthread_t threads[THREADS];
    lint_job jobs[THREADS];
    for (int index = 0; index < THREADS; index++) {
        jobs[index] = (lint_job){linter, source, {0}, PLIMSOLL_STATUS_INTERNAL};
        CHECK(pthread_create(&threads[index], NULL, run_lint_job, &jobs[index]) == 0);
    }
    for (int index = 0; index < THREADS; index++) {
        CHECK(pthread_join(threads[index], NULL) == 0);
        CHECK(jobs[index].status == PLIMSOLL_STATUS_OK);
        CHECK(jobs[index].output.len == expected.len &&
              memcmp(jobs[index].output.data, expected.data, expected.len) == 0);
        plimsoll_bytes_free(jobs[index].output);
    }

    plimsoll_bytes_free(expected);
    plimsoll_linter_free(linter);
}

static void image_config_returns_report(void) {
    const char *name = "app-config.json";
    const char *config = "{\"config\": {\"User\": \"root\"}}";
    const char *options = "{\"failure_threshold\": \"warning\"}";
    plimsoll_bytes out = {0};

    plimsoll_status status =
        plimsoll_lint_image_config(bytes_of(name), strlen(name), bytes_of(config),
                                   strlen(config), bytes_of(options), strlen(options), &out);

    CHECK(status == PLIMSOLL_STATUS_OK);
    CHECK(contains(out, "\"path\": \"app-config.json\""));
    CHECK(contains(out, "\"code\": \"PL3001\""));
    CHECK(contains(out, "\"failed\": true"));
    plimsoll_bytes_free(out);
}

static void image_config_errors_map_to_status(void) {
    const char *config = "{\"config\": ";
    const char *bad_options = "{\"max_size\": \"lots\"}";
    plimsoll_bytes out = {0};

    plimsoll_status status =
        plimsoll_lint_image_config(NULL, 0, bytes_of(config), strlen(config), NULL, 0, &out);
    CHECK(status == PLIMSOLL_STATUS_INVALID_INPUT);
    CHECK(contains(out, "\"kind\":\"invalid_input\""));
    plimsoll_bytes_free(out);

    out = (plimsoll_bytes){0};
    status = plimsoll_lint_image_config(NULL, 0, bytes_of("{}"), 2, bytes_of(bad_options),
                                        strlen(bad_options), &out);
    CHECK(status == PLIMSOLL_STATUS_INVALID_OPTION);
    CHECK(contains(out, "max_size"));
    plimsoll_bytes_free(out);
}

static void image_file_is_read(void) {
    char path[] = "/tmp/plimsoll-c-image-XXXXXX";
    int descriptor = mkstemp(path);
    CHECK(descriptor >= 0);
    if (descriptor < 0) {
        return;
    }
    FILE *file = fdopen(descriptor, "w");
    CHECK(file != NULL);
    if (file == NULL) {
        remove(path);
        return;
    }
    fputs("{\"config\": {\"User\": \"app\"}}", file);
    fclose(file);
    plimsoll_bytes out = {0};

    plimsoll_status status = plimsoll_lint_image(bytes_of(path), strlen(path), NULL, 0, &out);
    remove(path);

    CHECK(status == PLIMSOLL_STATUS_OK);
    CHECK(contains(out, "\"config_only\": true"));
    CHECK(contains(out, "\"code\": \"PL3002\""));
    CHECK(!contains(out, "\"code\": \"PL3001\""));
    plimsoll_bytes_free(out);
}

static void missing_image_is_io_error(void) {
    const char *path = "/nonexistent/plimsoll/image.tar";
    plimsoll_bytes out = {0};

    plimsoll_status status = plimsoll_lint_image(bytes_of(path), strlen(path), NULL, 0, &out);

    CHECK(status == PLIMSOLL_STATUS_IO);
    CHECK(contains(out, "\"kind\":\"io\""));
    plimsoll_bytes_free(out);
}

int main(void) {
    static const struct {
        const char *name;
        void (*run)(void);
    } tests[] = {
        {"version_matches_header", version_matches_header},
        {"lint_returns_report", lint_returns_report},
        {"lint_named_sets_path", lint_named_sets_path},
        {"invalid_utf8_source", invalid_utf8_source},
        {"invalid_utf8_options", invalid_utf8_options},
        {"null_out_is_invalid_argument", null_out_is_invalid_argument},
        {"null_source_with_length", null_source_with_length},
        {"unknown_rule_is_invalid_option", unknown_rule_is_invalid_option},
        {"panic_becomes_internal", panic_becomes_internal},
        {"parse_and_rules_return_json", parse_and_rules_return_json},
        {"freeing_nothing_is_noop", freeing_nothing_is_noop},
        {"linter_rejects_invalid_options", linter_rejects_invalid_options},
        {"linter_lints_with_options", linter_lints_with_options},
        {"linter_is_thread_safe", linter_is_thread_safe},
        {"image_config_returns_report", image_config_returns_report},
        {"image_config_errors_map_to_status", image_config_errors_map_to_status},
        {"image_file_is_read", image_file_is_read},
        {"missing_image_is_io_error", missing_image_is_io_error},
    };

    int passed = 0;
    int failed = 0;
    for (size_t index = 0; index < sizeof tests / sizeof tests[0]; index++) {
        test_ok = true;
        tests[index].run();
        printf("%s %s\n", test_ok ? "ok" : "FAIL", tests[index].name);
        if (test_ok) {
            passed++;
        } else {
            failed++;
        }
    }

    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
