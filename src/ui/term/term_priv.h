/* term_priv — what term.c (display, set-up) asks of input.c (keys).  Private to
 * src/ui/term. */
#ifndef SUIVI_TERM_PRIV_H
#define SUIVI_TERM_PRIV_H

/* Start reading keys (after newterm): the decoder for the locale, SIGWINCH. */
void term_input_start(int esc_delay_ms);
/* Forget what was read and not decoded (after a child had the terminal). */
void term_input_reset(void);
/* The resize hook, as after a SIGWINCH (a child may have resized the terminal). */
void term_run_resize_hook(void);

#endif
