/* spawn — run a configured command with some bytes on its standard input, the way
 * mail goes to sendmail: the command line is split on blanks and run directly
 * (execv, no shell: a quote, a pipe or a $ in it is just a character), its output
 * discarded and the first line of its error output kept for the message. */
#ifndef SUIVI_SPAWN_H
#define SUIVI_SPAWN_H

#include <stddef.h>

#define SPAWN_ARGS_MAX 32

/* Run command_line (its first word an absolute path) with input on stdin.  Returns
 * 0 when it exited with status 0; -1 otherwise, with err saying why ("sendmail
 * exited with status 75: …", "cannot run /usr/sbin/sendmail: No such file…"). */
int spawn_with_input(const char *command_line, const char *input, size_t len,
                     char *err, size_t errlen);

/* The words of a command line, split on blanks, into argv (NULL-terminated, at most
 * SPAWN_ARGS_MAX words, pointing into buf, which it fills).  Returns the count, or
 * -1 when there are too many words or none. */
int spawn_split(const char *command_line, char *buf, size_t buflen, char **argv);

#endif
