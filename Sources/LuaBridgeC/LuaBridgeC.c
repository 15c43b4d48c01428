/* The only place where Lua errors are raised (lua_error longjmps over C and Lua frames only). */
#include "LuaBridgeC.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- allocator: abort on exhaustion, optional byte budget ---- */

/* used: bytes Lua holds; held: bytes of live external storage (tensors) boxed in this state;
 * limit: absolute ceiling on used + held while sandboxed code runs (0: none);
 * ceiling: what the whole process may get (set by the host; 0: none). Over it, or when realloc fails,
 * Lua code gets a memory error as long as no Swift frame is on the stack (`suspended` counts them);
 * with one, the allocator aborts, since a longjmp over a Swift frame is undefined behaviour. */
typedef struct {
  size_t used; size_t limit; int suspended; size_t external; size_t held; size_t ceiling;
  /* the sandbox budget (see "sandboxed calls" below) */
  int depth;                      /* nesting of budgeted calls; 0: no sandboxed code is running */
  int exhausted;                  /* the instruction budget ran out: every sandboxed pcall rethrows */
  long long steps_left;           /* instructions left in the current budget */
  long long instructions;         /* the budget each outermost entry gets */
  size_t bytes;                   /* the memory budget each outermost entry gets */
  unsigned char random[64];       /* math.random's state saved at the outermost entry */
  size_t random_size;
  void (*enter)(void);            /* host hooks run at the outermost entry and exit (the host's RNGs) */
  void (*leave)(void);
} ls_Memory;

static void *ls_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  ls_Memory *m = (ls_Memory *)ud;
  size_t old = ptr ? osize : 0;   /* when ptr is NULL, osize encodes a type, not a size */
  if (nsize == 0) {
    free(ptr);
    m->used -= old;
    return NULL;
  }
  if (m->limit && !m->suspended && nsize > old && m->used + m->held + (nsize - old) > m->limit)
    return NULL;                  /* over budget: Lua raises a memory error inside lua_pcall */
  if (m->ceiling && !m->suspended && nsize > old && m->used + (nsize - old) > m->ceiling)
    return NULL;
  void *p = realloc(ptr, nsize);
  if (p == NULL && !m->suspended) return NULL;
  if (p == NULL) {
    fprintf(stderr, "fairlua: out of memory (%zu bytes requested)\n", nsize);
    abort();
  }
  m->used = m->used - old + nsize;
  return p;
}

static int ls_panic(lua_State *L) {
  const char *msg = lua_tostring(L, -1);
  fprintf(stderr, "fairlua: unprotected Lua error: %s\n", msg ? msg : "(error object is not a string)");
  abort();
}

static int ls_warnings_on = 0;
static void ls_warn(void *ud, const char *msg, int tocont) {
  static int continuing = 0;
  (void)ud;
  if (!continuing && !tocont && msg[0] == '@') {      /* control message */
    if (strcmp(msg, "@on") == 0) ls_warnings_on = 1;
    else if (strcmp(msg, "@off") == 0) ls_warnings_on = 0;
    return;
  }
  if (ls_warnings_on) {
    if (!continuing) fputs("Lua warning: ", stderr);
    fputs(msg, stderr);
    if (!tocont) fputc('\n', stderr);
  }
  continuing = tocont;
}

/* ---- coroutines that Ctrl-C reaches (see ls_resumed below) ----
 * coroutine.resume and coroutine.wrap are Lua's own, called through wrappers that record the resumed
 * thread for the SIGINT handler. A resumer whose coroutine stopped on Ctrl-C stops too, so the
 * interruption reaches the top however the resumes nest. */

static void ls_push_resumed(lua_State *co);
static void ls_pop_resumed(void);
static int ls_interrupt_pending(void);

/* coroutine.resume: upvalue 1 is Lua's own. */
static int ls_tracked_resume(lua_State *L) {
  lua_State *co = lua_tothread(L, 1);
  int n = lua_gettop(L), status;
  luaL_argexpected(L, co != NULL, 1, "coroutine");
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  ls_push_resumed(co);
  status = lua_pcall(L, n, LUA_MULTRET, 0);
  ls_pop_resumed();
  if (status != LUA_OK) return lua_error(L);
  if (ls_interrupt_pending()) return luaL_error(L, "interrupted!");
  return lua_gettop(L);
}

/* The function coroutine.wrap returns: upvalue 1 is the coroutine, 2 the tracked resume. As Lua's own, an
 * error in the coroutine closes it and is raised in the caller, a string message prefixed with the
 * caller's position. */
static int ls_wrapped(lua_State *L) {
  int n = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(2));
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_rotate(L, 1, 2);
  lua_call(L, n + 1, LUA_MULTRET);
  if (lua_toboolean(L, 1)) return lua_gettop(L) - 1;
  lua_resetthread(lua_tothread(L, lua_upvalueindex(1)));      /* runs its pending __close handlers */
  lua_settop(L, 2);
  if (lua_type(L, 2) == LUA_TSTRING) {
    luaL_where(L, 1);
    lua_insert(L, 2);
    lua_concat(L, 2);
  }
  return lua_error(L);
}

/* coroutine.wrap: upvalue 1 is the tracked resume. */
static int ls_tracked_wrap(lua_State *L) {
  lua_State *co;
  luaL_checktype(L, 1, LUA_TFUNCTION);
  co = lua_newthread(L);
  lua_pushvalue(L, 1);
  lua_xmove(L, co, 1);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushcclosure(L, ls_wrapped, 2);
  return 1;
}

static void ls_track_coroutines(lua_State *L) {
  lua_getglobal(L, "coroutine");
  lua_getfield(L, -1, "resume");
  lua_pushcclosure(L, ls_tracked_resume, 1);
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, "resume");
  lua_pushcclosure(L, ls_tracked_wrap, 1);
  lua_setfield(L, -2, "wrap");
  lua_pop(L, 1);
}

lua_State *ls_newstate(void) {
  ls_Memory *m = calloc(1, sizeof(ls_Memory));
  if (m == NULL) abort();
  lua_State *L = lua_newstate(ls_alloc, m);
  if (L == NULL) abort();
  lua_atpanic(L, ls_panic);
  lua_setwarnf(L, ls_warn, NULL);
  luaL_openlibs(L);
  ls_track_coroutines(L);
  lua_getglobal(L, "math");                 /* anchor math.random's state for the sandbox (see below) */
  lua_getfield(L, -1, "random");
  if (lua_getupvalue(L, -1, 1) != NULL) lua_setfield(L, LUA_REGISTRYINDEX, "fairlua.random.state");
  lua_pop(L, 2);
  return L;
}

static ls_Memory *ls_memory(lua_State *L) {
  void *ud = NULL;
  lua_getallocf(L, &ud);
  return (ls_Memory *)ud;
}

void ls_close(lua_State *L) {
  ls_Memory *m = ls_memory(L);
  lua_close(L);
  free(m);
}

void ls_setmemceiling(lua_State *L, size_t bytes) { ls_memory(L)->ceiling = bytes; }
size_t ls_memused(lua_State *L) { return ls_memory(L)->used; }

void ls_external(lua_State *L, size_t bytes) {
  ls_Memory *m = ls_memory(L);
  m->external += bytes;
  m->held += bytes;
  if (m->external >= ((size_t)16 << 20) || (m->limit && m->used + m->held > m->limit)) {
    m->external = 0;
    lua_gc(L, LUA_GCCOLLECT);
  }
}

void ls_external_release(lua_State *L, size_t bytes) {
  ls_Memory *m = ls_memory(L);
  m->held = bytes < m->held ? m->held - bytes : 0;
}

/* Whether sandboxed code holds more than its budget (checked after each Swift function returns). */
static int ls_overbudget(ls_Memory *m) { return m->limit && !m->suspended && m->used + m->held > m->limit; }


/* ---- the trampoline ---- */

static int ls_trampoline(lua_State *L) {
  ls_SwiftFn fn = (ls_SwiftFn)lua_touserdata(L, lua_upvalueindex(1));
  ls_Memory *m = ls_memory(L);
  m->suspended++;                 /* a Swift frame must never see a failed allocation */
  int n = fn(L);                  /* the Swift frame exists only inside this call */
  m->suspended--;
  if (n >= 0 && ls_overbudget(m)) {   /* tensors made for sandboxed code count against its budget */
    lua_gc(L, LUA_GCCOLLECT);
    if (ls_overbudget(m)) {
      lua_pushfstring(L, "not enough memory (sandbox budget of %d MiB, tensors included)", (int)(m->bytes >> 20));
      return lua_error(L);
    }
  }
  if (n >= 0) return n;
  if (n == LS_ERROR_WHERE && lua_type(L, -1) == LUA_TSTRING) {
    luaL_where(L, 1);
    lua_insert(L, -2);
    lua_concat(L, 2);
  }
  return lua_error(L);
}

void ls_pushfunction(lua_State *L, ls_SwiftFn fn, int nup) {
  lua_pushlightuserdata(L, (void *)fn);
  lua_insert(L, -(nup + 1));
  lua_pushcclosure(L, ls_trampoline, nup + 1);
}

/* ---- protected helpers ---- */

int ls_msghandler(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
    msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);
  return 1;
}

/* Appends a traceback to string messages; other error objects are left alone (no metamethod runs). */
static int ls_tracehandler(lua_State *L) {
  if (lua_type(L, 1) == LUA_TSTRING) luaL_traceback(L, L, lua_tostring(L, 1), 1);
  return 1;
}

static int ls_pcall_with(lua_State *L, int nargs, int nresults, lua_CFunction handler) {
  int base = lua_gettop(L) - nargs;
  lua_pushcfunction(L, handler);
  lua_insert(L, base);
  int status = lua_pcall(L, nargs, nresults, base);
  lua_remove(L, base);
  return status;
}

int ls_pcall(lua_State *L, int nargs, int nresults) {
  return ls_pcall_with(L, nargs, nresults, ls_msghandler);
}

int ls_pcall_plain(lua_State *L, int nargs, int nresults) { return lua_pcall(L, nargs, nresults, 0); }

static int ls_tostring_body(lua_State *L) {
  luaL_tolstring(L, 1, NULL);
  return 1;
}

int ls_ptostring(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  lua_pushcfunction(L, ls_tostring_body);
  lua_pushvalue(L, idx);
  return lua_pcall(L, 1, 1, 0);
}

static int ls_getfield_body(lua_State *L) {
  lua_gettable(L, 1);
  return 1;
}

int ls_pgetfield(lua_State *L, int idx, const char *k) {
  idx = lua_absindex(L, idx);
  lua_pushcfunction(L, ls_getfield_body);
  lua_pushvalue(L, idx);
  lua_pushstring(L, k);
  return lua_pcall(L, 2, 1, 0);
}

/* ---- Ctrl-C: the handler only sets flags and installs a hook; the hook raises (as lua.c does) ----
 * Everything the handler touches is async-signal-safe: a sig_atomic_t counter, the host's cancellation
 * flag (one lock-free store) and lua_sethook, which Lua documents as safe to call from a signal. */

static lua_State *volatile ls_interrupted_state = NULL;
static void (*ls_cancel_request)(void) = NULL;
static void (*ls_cancel_reset)(void) = NULL;
static volatile sig_atomic_t ls_second_kills = 0;
static volatile sig_atomic_t ls_interrupts = 0;
static struct sigaction ls_previous_action;

/* Threads resumed through coroutine.resume or a coroutine.wrap function and not yet returned, innermost
 * last: a hook belongs to one thread, and a signal handler cannot ask Lua which one is running. Resumes
 * nest no deeper than Lua's C-stack limit (LUAI_MAXCCALLS, 200), below LS_MAXRESUMED. */
#define LS_MAXRESUMED 256
static lua_State *volatile ls_resumed[LS_MAXRESUMED];
static volatile sig_atomic_t ls_nresumed = 0;

static void ls_interrupt_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  lua_sethook(L, NULL, 0, 0);
  if (ls_interrupted_state && ls_interrupts > 0)  /* not a hook left on a coroutine that then yielded */
    luaL_error(L, "interrupted!");
}

void ls_setcancelhooks(void (*request)(void), void (*reset)(void)) {
  ls_cancel_request = request;
  ls_cancel_reset = reset;
}

void ls_interrupt(void) {
  lua_State *L = ls_interrupted_state;
  ls_interrupts++;
  if (ls_cancel_request) ls_cancel_request();     /* Swift loops stop at their next check */
  if (L) {                                        /* the main thread and every coroutine it is inside */
    int mask = LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT;
    sig_atomic_t n = ls_nresumed;
    lua_sethook(L, ls_interrupt_hook, mask, 1);
    for (sig_atomic_t i = 0; i < n && i < LS_MAXRESUMED; i++)
      if (ls_resumed[i]) lua_sethook(ls_resumed[i], ls_interrupt_hook, mask, 1);
  }
}

int ls_was_interrupted(void) { return ls_interrupts > 0; }

static int ls_interrupt_pending(void) { return ls_interrupted_state != NULL && ls_interrupts > 0; }

/* The slot is written before the count grows, so the handler never reads an unwritten slot. */
static void ls_push_resumed(lua_State *co) {
  sig_atomic_t n = ls_nresumed;
  if (n < LS_MAXRESUMED) ls_resumed[n] = co;
  ls_nresumed = n + 1;
  if (ls_interrupt_pending())                     /* Ctrl-C came before: stop at the first instruction */
    lua_sethook(co, ls_interrupt_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT, 1);
}

static void ls_pop_resumed(void) {
  if (ls_nresumed > 0) ls_nresumed = ls_nresumed - 1;
}

static void ls_sigint_action(int sig) {
  if (ls_second_kills && ls_interrupts > 0) {     /* fairlua run: a second Ctrl-C kills, as in lua(1) */
    signal(sig, SIG_DFL);
    raise(sig);
    return;
  }
  ls_interrupt();
}

static void ls_interrupt_begin(lua_State *L) {
  ls_interrupts = 0;
  if (ls_cancel_reset) ls_cancel_reset();
  ls_interrupted_state = L;
}

static void ls_interrupt_end(void) {
  lua_State *L = ls_interrupted_state;
  ls_interrupted_state = NULL;
  if (L) lua_sethook(L, NULL, 0, 0);              /* a hook that did not fire */
}

static volatile sig_atomic_t ls_prompt_interrupts = 0;

static void ls_prompt_action(int sig) {
  (void)sig;
  ls_prompt_interrupts = 1;
}

void ls_prompt_sigint_install(void) {
  struct sigaction action;
  ls_prompt_interrupts = 0;
  memset(&action, 0, sizeof action);
  action.sa_handler = ls_prompt_action;
  action.sa_flags = SA_RESTART;                   /* a piped read goes on; libedit's own handler ends its read */
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, NULL);
}

int ls_prompt_take_interrupt(void) {
  int was = ls_prompt_interrupts != 0;
  ls_prompt_interrupts = 0;
  return was;
}

void ls_sigint_install(lua_State *L, int second_kills) {
  struct sigaction action;
  ls_second_kills = second_kills;
  ls_interrupt_begin(L);
  memset(&action, 0, sizeof action);
  action.sa_handler = ls_sigint_action;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &ls_previous_action);
}

void ls_sigint_remove(void) {
  sigaction(SIGINT, &ls_previous_action, NULL);   /* the REPL's prompt ignores Ctrl-C again */
  ls_interrupt_end();
}

/* ---- sandboxed calls: every entry into sandboxed code runs under an instruction and memory budget ----
 * The code runs on a pooled thread (one per nesting depth) whose count hook spends the budget. The hook
 * stays armed once the budget is spent and the sandbox's pcall/xpcall rethrow, so catching the error does
 * not switch the budget off; a thread of its own keeps hooks on where Lua turns them off (finalizers).
 * A nested entry (Swift calling back into sandboxed code) shares the budget of the outermost one. */

#define LS_STEP 1000
#define LS_MAXDEPTH 16
static const char *const ls_threads_key = "fairlua.sandbox.threads";
static const char *const ls_sources_key = "fairlua.sandbox.sources";

static void ls_budget_hook(lua_State *L, lua_Debug *ar) {
  ls_Memory *m = ls_memory(L);
  (void)ar;
  if (m->depth == 0) return;
  if (ls_interrupted_state && ls_interrupts > 0) luaL_error(L, "interrupted!");   /* Ctrl-C in a plugin */
  m->steps_left -= LS_STEP;
  if (m->steps_left <= 0) {
    m->exhausted = 1;
    luaL_error(L, "instruction limit exceeded (%I instructions; runaway loop?)", (lua_Integer)m->instructions);
  }
}

void ls_setsandboxlimits(lua_State *L, long long instructions, size_t bytes) {
  ls_Memory *m = ls_memory(L);
  m->instructions = instructions;
  m->bytes = bytes;
}

void ls_setsandboxhooks(lua_State *L, void (*enter)(void), void (*leave)(void)) {
  ls_Memory *m = ls_memory(L);
  m->enter = enter;
  m->leave = leave;
}

int ls_insandbox(lua_State *L) { return ls_memory(L)->depth > 0; }

void ls_sandbox_addsource(lua_State *L, const char *source) {
  ls_Memory *m = ls_memory(L);
  m->suspended++;
  if (lua_getfield(L, LUA_REGISTRYINDEX, ls_sources_key) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, ls_sources_key);
  }
  lua_pushboolean(L, 1);
  lua_setfield(L, -2, source);
  lua_pop(L, 1);
  m->suspended--;
}

/* The source of the function at idx ("@path" for a file), or NULL for a C function. */
static const char *ls_source(lua_State *L, int idx, lua_Debug *ar) {
  lua_pushvalue(L, idx);
  lua_getinfo(L, ">S", ar);
  return ar->what[0] == 'C' ? NULL : ar->source;
}

static int ls_is_sandboxed(lua_State *L, const char *source) {
  int found = 0;
  if (source == NULL) return 0;
  if (lua_getfield(L, LUA_REGISTRYINDEX, ls_sources_key) == LUA_TTABLE) {
    found = lua_getfield(L, -1, source) != LUA_TNIL;
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return found;
}

/* The pooled thread for nesting depth `depth` (anchored in the registry). */
static lua_State *ls_pool_thread(lua_State *L, int depth) {
  lua_State *T;
  if (lua_getfield(L, LUA_REGISTRYINDEX, ls_threads_key) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, ls_threads_key);
  }
  if (lua_rawgeti(L, -1, depth) == LUA_TTHREAD) {
    T = lua_tothread(L, -1);
  } else {
    lua_pop(L, 1);
    T = lua_newthread(L);
    lua_pushvalue(L, -1);
    lua_rawseti(L, -3, depth);
  }
  lua_pop(L, 2);
  return T;
}

/* The host's random state (math.random's) is saved at the outermost entry and restored at its exit. */
static void *ls_random_state(lua_State *L, size_t *size) {
  void *p = NULL;
  *size = 0;
  if (lua_getfield(L, LUA_REGISTRYINDEX, "fairlua.random.state") == LUA_TUSERDATA) {
    p = lua_touserdata(L, -1);
    *size = lua_rawlen(L, -1);
  }
  lua_pop(L, 1);
  return p;
}

static void ls_budget_begin(lua_State *L, ls_Memory *m) {
  size_t size;
  void *state = ls_random_state(L, &size);
  m->steps_left = m->instructions;
  m->exhausted = 0;
  m->limit = m->used + m->held + m->bytes;
  m->random_size = state && size <= sizeof m->random ? size : 0;
  if (m->random_size) memcpy(m->random, state, m->random_size);
  if (m->enter) m->enter();
}

static void ls_budget_end(lua_State *L, ls_Memory *m) {
  size_t size;
  void *state = ls_random_state(L, &size);
  m->limit = 0;
  m->exhausted = 0;
  if (state && m->random_size == size) memcpy(state, m->random, size);
  if (m->leave) m->leave();
}

/* Calls the function below nargs arguments under the budget. On error pushes one string: the message,
 * prefixed with "plugin FILE: WHAT: " when what is given. Never raises. */
static int ls_budget_call(lua_State *L, int nargs, int nresults, const char *what) {
  ls_Memory *m = ls_memory(L);
  int fn = lua_gettop(L) - nargs;
  lua_Debug ar;
  const char *source, *file;
  lua_State *T;
  int status, saved, rendered;
  m->suspended++;                           /* the bookkeeping below must never fail */
  source = ls_source(L, fn, &ar);
  file = source == NULL ? "(C function)" : source[0] == '@' || source[0] == '=' ? source + 1 : source;
  if (m->depth >= LS_MAXDEPTH || !lua_checkstack(L, LUA_MINSTACK)) {
    lua_settop(L, fn - 1);
    lua_pushfstring(L, "plugin %s: %s: sandboxed calls nested too deeply", file, what ? what : "call");
    m->suspended--;
    return LUA_ERRRUN;
  }
  T = ls_pool_thread(L, m->depth + 1);
  if (!lua_checkstack(T, nargs + LUA_MINSTACK)) {
    lua_settop(L, fn - 1);
    lua_pushliteral(L, "Lua stack overflow");
    m->suspended--;
    return LUA_ERRRUN;
  }
  if (m->depth == 0) ls_budget_begin(L, m);
  m->depth++;
  lua_settop(T, 0);
  lua_pushcfunction(T, ls_tracehandler);
  lua_xmove(L, T, nargs + 1);
  lua_sethook(T, ls_budget_hook, LUA_MASKCOUNT, LS_STEP);
  saved = m->suspended;
  m->suspended = 0;                         /* sandboxed code gets memory errors, not aborts */
  status = lua_pcall(T, nargs, nresults, 1);
  rendered = status == LUA_OK || lua_type(T, -1) == LUA_TSTRING;
  if (!rendered) {                          /* render the error object while the budget bounds its __tostring */
    rendered = ls_ptostring(T, -1) == LUA_OK && lua_type(T, -1) == LUA_TSTRING;
    if (!rendered) lua_pop(T, 1);
  }
  m->suspended = saved;
  if (!rendered) lua_pushfstring(T, "(error object is a %s value)", luaL_typename(T, -1));
  lua_sethook(T, NULL, 0, 0);
  m->depth--;
  if (m->depth == 0) ls_budget_end(L, m);
  if (status == LUA_OK) {
    int n = lua_gettop(T) - 1;
    if (!lua_checkstack(L, n + 1)) {
      status = LUA_ERRRUN;
      lua_pushfstring(L, "plugin %s: too many results", file);
    } else {
      lua_xmove(T, L, n);
    }
  } else {
    const char *message = lua_tostring(T, -1);
    if (what) lua_pushfstring(L, "plugin %s: %s: %s", file, what, message);
    else lua_pushstring(L, message);
  }
  lua_settop(T, 0);
  m->suspended--;
  return status;
}

int ls_pcall_sandboxed(lua_State *L, int nargs, int nresults, const char *what) {
  return ls_budget_call(L, nargs, nresults, what);
}

int ls_pcall_callback(lua_State *L, int nargs, int nresults, const char *what) {
  ls_Memory *m = ls_memory(L);
  lua_Debug ar;
  int sandboxed;
  m->suspended++;
  sandboxed = m->depth > 0 || ls_is_sandboxed(L, ls_source(L, lua_gettop(L) - nargs, &ar));
  m->suspended--;
  return sandboxed ? ls_budget_call(L, nargs, nresults, what) : ls_pcall(L, nargs, nresults);
}

/* A metamethod of a sandboxed table (__gc, __close, __tostring, …): its own budget, whoever calls it. */
static int ls_sb_metamethod(lua_State *L) {
  int n = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  if (ls_budget_call(L, n, LUA_MULTRET, lua_tostring(L, lua_upvalueindex(2))) != LUA_OK) return lua_error(L);
  return lua_gettop(L);
}

/* The sandbox's setmetatable: installs a copy of the metatable whose functions are budgeted. */
static int ls_sb_setmetatable(lua_State *L) {
  int t = lua_type(L, 2);
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
  if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL) return luaL_error(L, "cannot change a protected metatable");
  lua_settop(L, 2);
  if (t == LUA_TTABLE) {
    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, 2)) {
      if (lua_type(L, -1) == LUA_TFUNCTION && lua_type(L, -2) == LUA_TSTRING) {
        lua_pushvalue(L, -2);
        lua_pushcclosure(L, ls_sb_metamethod, 2);
      }
      lua_pushvalue(L, -2);
      lua_insert(L, -2);
      lua_rawset(L, 3);
    }
  }
  lua_setmetatable(L, 1);
  lua_settop(L, 1);
  return 1;
}

/* The sandbox's pcall and xpcall: once the instruction budget is spent, the error goes through. */
static int ls_sb_pcall(lua_State *L) {
  int status;
  luaL_checkany(L, 1);
  status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
  if (status != LUA_OK && ls_memory(L)->exhausted) return lua_error(L);
  lua_pushboolean(L, status == LUA_OK);
  lua_insert(L, 1);
  return lua_gettop(L);
}

/* xpcall's handler, skipped once the budget is spent: an error raised by the count hook reaches the
 * handler with hooks still off, so a looping handler could not be stopped. */
static int ls_sb_handler(lua_State *L) {
  if (ls_memory(L)->exhausted) return 1;
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

static int ls_sb_xpcall(lua_State *L) {
  int n = lua_gettop(L), status;
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, ls_sb_handler, 1);
  lua_replace(L, 2);
  lua_pushvalue(L, 1);                      /* handler first, then the function and its arguments */
  lua_copy(L, 2, 1);
  lua_replace(L, 2);
  status = lua_pcall(L, n - 2, LUA_MULTRET, 1);
  if (status != LUA_OK && ls_memory(L)->exhausted) return lua_error(L);
  lua_pushboolean(L, status == LUA_OK);
  lua_replace(L, 1);
  return lua_gettop(L);
}

void ls_sandbox_install(lua_State *L, int env) {
  env = lua_absindex(L, env);
  lua_pushcfunction(L, ls_sb_pcall);
  lua_setfield(L, env, "pcall");
  lua_pushcfunction(L, ls_sb_xpcall);
  lua_setfield(L, env, "xpcall");
  lua_pushcfunction(L, ls_sb_setmetatable);
  lua_setfield(L, env, "setmetatable");
}
