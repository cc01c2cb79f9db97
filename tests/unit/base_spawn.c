/* base_spawn — a command run without a shell, fed on stdin: its exit status and
 * the first line of its error output make the message; a missing program and a
 * relative path are said; the input reaches it whole. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "suivi/base/spawn.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    static char buf[1 << 19];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

TEST(the_input_reaches_the_command_and_its_words)
{
    const char *out = check_tmpfile("out"), *args = check_tmpfile("args");
    char script[512], cmd[1024], err[256] = "";
    snprintf(script, sizeof script, "%s", check_tmpfile("send.sh"));
    char body[600];
    snprintf(body, sizeof body, "#!/bin/sh\ncat > %s\necho \"$@\" > %s\n", out, args);
    check_write_file(script, body);
    char chmod[600];
    snprintf(chmod, sizeof chmod, "chmod +x %s", script);
    CHECK_INT(system(chmod), 0);
    snprintf(cmd, sizeof cmd, "%s -t -oi 'quoted' $HOME;|x", script);
    static char big[200000];
    memset(big, 'a', sizeof big - 1);
    CHECK_INT(spawn_with_input(cmd, big, strlen(big), err, sizeof err), 0);
    CHECK_STR(err, "");
    CHECK_INT(strlen(slurp(out)), strlen(big));
    CHECK_STR(slurp(args), "-t -oi 'quoted' $HOME;|x\n");    /* no shell: words as typed */
}

TEST(failures_say_why)
{
    char err[256] = "";
    CHECK_INT(spawn_with_input("/bin/sh -c exit\\ 3", "x", 1, err, sizeof err), -1);
    CHECK_INT(spawn_with_input("/bin/false", "x", 1, err, sizeof err), -1);
    CHECK_CONTAINS(err, "false exited with status 1");
    CHECK_INT(spawn_with_input("/no/such/sendmail -t", "x", 1, err, sizeof err), -1);
    CHECK_CONTAINS(err, "cannot run sendmail");
    CHECK_INT(spawn_with_input("sendmail -t", "x", 1, err, sizeof err), -1);
    CHECK_CONTAINS(err, "not a full path");
    const char *script = check_tmpfile("fail.sh");
    check_write_file(script, "#!/bin/sh\necho 'sendmail: queue full' >&2\nexit 75\n");
    char chmod[600], cmd[600];
    snprintf(chmod, sizeof chmod, "chmod +x %s", script);
    CHECK_INT(system(chmod), 0);
    snprintf(cmd, sizeof cmd, "%s -t", script);
    CHECK_INT(spawn_with_input(cmd, "x", 1, err, sizeof err), -1);
    CHECK_CONTAINS(err, "exited with status 75: sendmail: queue full");
}

/* A command that says a lot before it reads: both sides at once, no deadlock. */
TEST(a_chatty_command_does_not_block)
{
    const char *script = check_tmpfile("chatty.sh"), *out = check_tmpfile("chatty.out");
    char body[600], chmod[600], cmd[600], err[256] = "";
    snprintf(body, sizeof body, "#!/bin/sh\nhead -c 200000 /dev/zero | tr '\\0' x >&2\n"
             "cat > %s\nexit 3\n", out);
    check_write_file(script, body);
    snprintf(chmod, sizeof chmod, "chmod +x %s", script);
    CHECK_INT(system(chmod), 0);
    snprintf(cmd, sizeof cmd, "%s", script);
    static char big[300000];
    memset(big, 'a', sizeof big - 1);
    CHECK_INT(spawn_with_input(cmd, big, strlen(big), err, sizeof err), -1);
    CHECK_CONTAINS(err, "exited with status 3: xxxx");
    CHECK_INT(strlen(slurp(out)), strlen(big));
}

TESTS(T(a_chatty_command_does_not_block), T(the_input_reaches_the_command_and_its_words), T(failures_say_why))
