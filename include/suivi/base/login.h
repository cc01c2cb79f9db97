/* login — who is running suivi.  The Unix account from getpwuid(getuid()), never $USER:
 * the environment is the user's to change, the uid is not. */
#ifndef SUIVI_LOGIN_H
#define SUIVI_LOGIN_H

/* The login name, or "uid<N>" when the uid has no passwd entry.  Static storage. */
const char *unix_login(void);
/* The GECOS full name (up to the first comma), or the login. Static storage. */
const char *unix_full_name(void);

#endif
