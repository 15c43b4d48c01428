/* libedit's readline emulation, plus setters for its globals (Swift 6 cannot write C globals). */
#include <stdio.h>
#include <stdlib.h>
#include <editline/readline.h>

/** A generator in readline's style: called with state 0 first, returns malloc'ed strings, then NULL. */
typedef char *(*fl_generator)(const char *text, int state);

static fl_generator fl_current_generator = NULL;

static inline char **fl_attempt_completion(const char *text, int start, int end) {
    (void)start; (void)end;
    rl_attempted_completion_over = 1;          /* never fall back to file names */
    return fl_current_generator ? rl_completion_matches(text, fl_current_generator) : NULL;
}

/** Names the application for ~/.editrc and installs a completion generator (may be NULL). */
static inline void fl_readline_setup(const char *name, fl_generator generator) {
    rl_readline_name = name;
    fl_current_generator = generator;
    rl_attempted_completion_function = fl_attempt_completion;
    rl_basic_word_break_characters = " \t\n\"\\'><=;+-*/%^~#{}()[],";
    rl_completion_append_character = '\0';
}
