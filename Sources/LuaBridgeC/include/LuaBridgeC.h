/* The C half of FairLua's Lua host. Only code in this target raises Lua errors (see BINDING.md):
 * Swift functions return a status and the trampoline raises after their frame has returned. */
#ifndef LUABRIDGEC_H
#define LUABRIDGEC_H

#include <stddef.h>
#include <stdio.h>
#include <lua5.4/lua.h>
#include <lua5.4/lualib.h>
#include <lua5.4/lauxlib.h>

/** A Swift function exposed to Lua: returns n >= 0 results, or LS_ERROR / LS_ERROR_WHERE. */
typedef int (*ls_SwiftFn)(lua_State *L);
/** The error value is on top of the stack; raise it unchanged. */
#define LS_ERROR (-1)
/** A message is on top of the stack; prefix it with the caller's "chunk:line: ". */
#define LS_ERROR_WHERE (-2)

/** Creates a state whose allocator aborts on exhaustion, with the standard libraries opened. */
lua_State *ls_newstate(void);
/** Closes a state made by ls_newstate and frees its allocator's bookkeeping. */
void ls_close(lua_State *L);
/** The bytes the whole process may get (0: unknown): beyond it, or when malloc fails, Lua code gets a memory
    error while no Swift frame is on the stack; with one, the allocator aborts. */
void ls_setmemceiling(lua_State *L, size_t bytes);
/** Bytes the state holds now. */
size_t ls_memused(lua_State *L);

/** Pushes `fn` as a Lua C closure; the `nup` values on the stack become upvalues 2...nup+1. */
void ls_pushfunction(lua_State *L, ls_SwiftFn fn, int nup);

/** Message handler: appends a traceback to string messages, leaves other values alone. */
int ls_msghandler(lua_State *L);
/** lua_pcall with ls_msghandler as the handler; returns the Lua status. */
int ls_pcall(lua_State *L, int nargs, int nresults);
/** lua_pcall without a traceback. */
int ls_pcall_plain(lua_State *L, int nargs, int nresults);
/** Converts the value at idx to a string honouring __tostring / __name, in protected mode.
 *  On success pushes the string and returns LUA_OK; otherwise pushes the error message. */
int ls_ptostring(lua_State *L, int idx);
/** t[k] with metamethods, protected: pushes the value (or the error message); returns the status. */
int ls_pgetfield(lua_State *L, int idx, const char *k);

/** Installs the SIGINT handler (the previous action is kept) and begins an interruptible run on `L`:
 *  Ctrl-C requests cancellation (Swift loops stop) and interrupts running Lua code ("interrupted!").
 *  With `second_kills`, a second Ctrl-C kills the process (fairlua run); without, every Ctrl-C only
 *  interrupts (the REPL). Clears an earlier cancellation request. */
void ls_sigint_install(lua_State *L, int second_kills);
/** Restores the SIGINT action found by `ls_sigint_install` and ends the interruptible run. */
void ls_sigint_remove(void);
/** Interrupts the running code as Ctrl-C does: safe from a signal handler or another thread (flag stores
 *  and lua_sethook); the kernel's interrupt_request. */
void ls_interrupt(void);
/** Whether an interrupt arrived since the run began. */
int ls_was_interrupted(void);
/** The REPL prompt's SIGINT action: Ctrl-C only sets a flag (the line being typed is dropped). */
void ls_prompt_sigint_install(void);
/** Whether Ctrl-C was pressed at the prompt since the last call; clears the flag. */
int ls_prompt_take_interrupt(void);
/** The functions that request and clear cancellation (the host's one flag, which long loops check). */
void ls_setcancelhooks(void (*request)(void), void (*reset)(void));

/** The budget every outermost entry into sandboxed code gets: VM instructions and bytes (Lua memory
 *  plus the external storage of the values it is given, e.g. tensors). */
void ls_setsandboxlimits(lua_State *L, long long instructions, size_t bytes);
/** Functions run at the outermost entry into sandboxed code and at its exit (the host saves and
 *  restores its random generators there; math.random's state is restored by C). */
void ls_setsandboxhooks(lua_State *L, void (*enter)(void), void (*leave)(void));
/** Marks functions defined in the chunk named `source` ("@path") as sandboxed code. */
void ls_sandbox_addsource(lua_State *L, const char *source);
/** Whether sandboxed code is running (a budget is active). */
int ls_insandbox(lua_State *L);
/** Calls the function below `nargs` arguments as sandboxed code, under the budget, on a pooled thread
 *  (hooks stay on there even in finalizers); nested calls share the outermost budget. Never raises.
 *  On error pushes one string, prefixed with "plugin FILE: WHAT: " when `what` is not NULL. */
int ls_pcall_sandboxed(lua_State *L, int nargs, int nresults, const char *what);
/** Calls a callback: sandboxed code (defined in a sandboxed chunk, or called while sandboxed code runs)
 *  as ls_pcall_sandboxed does, anything else as ls_pcall. */
int ls_pcall_callback(lua_State *L, int nargs, int nresults, const char *what);
/** Puts the sandbox's pcall, xpcall (rethrow once the instruction budget is spent) and setmetatable
 *  (installs a copy of the metatable whose functions are budgeted: __gc, __close, __tostring …) in
 *  the table at `env`. */
void ls_sandbox_install(lua_State *L, int env);

/* Macros and variadic functions of lua.h are invisible to Swift: these wrap them. */
static inline int ls_upvalueindex(int i) { return lua_upvalueindex(i); }
static inline int ls_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline void ls_pop(lua_State *L, int n) { lua_settop(L, -(n)-1); }
static inline void ls_newtable(lua_State *L) { lua_createtable(L, 0, 0); }
static inline int ls_isinteger(lua_State *L, int idx) { return lua_isinteger(L, idx); }
static inline const char *ls_tolstring(lua_State *L, int idx, size_t *len) { return lua_tolstring(L, idx, len); }
static inline void ls_insert(lua_State *L, int idx) { lua_rotate(L, idx, 1); }
static inline void ls_remove(lua_State *L, int idx) { lua_rotate(L, idx, -1); lua_settop(L, -2); }
static inline void ls_replace(lua_State *L, int idx) { lua_copy(L, -1, idx); lua_settop(L, -2); }
static inline void *ls_newuserdata(lua_State *L, size_t size) { return lua_newuserdatauv(L, size, 1); }
static inline int ls_loadbuffer(lua_State *L, const char *s, size_t n, const char *name, const char *mode) {
  return luaL_loadbufferx(L, s, n, name, mode);
}
static inline int ls_loadfile(lua_State *L, const char *path, const char *mode) { return luaL_loadfilex(L, path, mode); }
static inline int ls_getmetafield_raw(lua_State *L, int idx, const char *name) {
  /* Reads metatable[name] without metamethods; pushes it and returns its type, or LUA_TNIL with nothing pushed. */
  if (!lua_getmetatable(L, idx)) return LUA_TNIL;
  lua_pushstring(L, name);
  int t = lua_rawget(L, -2);
  if (t == LUA_TNIL) { lua_settop(L, -3); return LUA_TNIL; }
  lua_remove(L, -2);
  return t;
}

/** Records `bytes` allocated outside Lua (tensor storage) for a value just pushed; after every 16 MiB of
 *  such allocations a full collection runs, so dead tensors are freed at the pace of real memory use
 *  (Lua only sees their small userdata). Finalizer errors become warnings; nothing raises. */
void ls_external(lua_State *L, size_t bytes);
/** Records that `bytes` of external storage reported with ls_external were freed. */
void ls_external_release(lua_State *L, size_t bytes);

/** Switches the collector to generational mode (default parameters): most tensors die young, and
 *  minor collections reclaim them (and run their finalizers) far more cheaply than incremental cycles. */
static inline void ls_gcgenerational(lua_State *L) { lua_gc(L, LUA_GCGEN, 0, 0); }

/* stdout and stderr are C globals that Swift 6 refuses to touch. */
static inline void ls_flush_stdout(void) { fflush(stdout); }
static inline void ls_write_stderr(const char *s) { fflush(stdout); fputs(s, stderr); fflush(stderr); }

#endif
