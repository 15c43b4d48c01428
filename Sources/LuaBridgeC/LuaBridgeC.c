/* The only place where Lua errors are raised (lua_error longjmps over C and Lua frames only). */
#include "LuaBridgeC.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- allocator: abort on exhaustion, optional byte budget ---- */

typedef struct { size_t used; size_t limit; int suspended; size_t external; } ls_Memory;

static void *ls_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  ls_Memory *m = (ls_Memory *)ud;
  size_t old = ptr ? osize : 0;   /* when ptr is NULL, osize encodes a type, not a size */
  if (nsize == 0) {
    free(ptr);
    m->used -= old;
    return NULL;
  }
  if (m->limit && !m->suspended && nsize > old && m->used + (nsize - old) > m->limit)
    return NULL;                  /* over budget: Lua raises a memory error inside lua_pcall */
  void *p = realloc(ptr, nsize);
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

lua_State *ls_newstate(void) {
  ls_Memory *m = calloc(1, sizeof(ls_Memory));
  if (m == NULL) abort();
  lua_State *L = lua_newstate(ls_alloc, m);
  if (L == NULL) abort();
  lua_atpanic(L, ls_panic);
  lua_setwarnf(L, ls_warn, NULL);
  luaL_openlibs(L);
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

void ls_setmemlimit(lua_State *L, size_t bytes) { ls_memory(L)->limit = bytes; }
size_t ls_memused(lua_State *L) { return ls_memory(L)->used; }

void ls_external(lua_State *L, size_t bytes) {
  ls_Memory *m = ls_memory(L);
  m->external += bytes;
  if (m->external >= ((size_t)16 << 20)) {
    m->external = 0;
    lua_gc(L, LUA_GCCOLLECT);
  }
}

int ls_setmemsuspended(lua_State *L, int depth) {
  ls_Memory *m = ls_memory(L);
  int old = m->suspended;
  m->suspended = depth;
  return old;
}

/* ---- the trampoline ---- */

static int ls_trampoline(lua_State *L) {
  ls_SwiftFn fn = (ls_SwiftFn)lua_touserdata(L, lua_upvalueindex(1));
  ls_Memory *m = ls_memory(L);
  m->suspended++;                 /* a Swift frame must never see a failed allocation */
  int n = fn(L);                  /* the Swift frame exists only inside this call */
  m->suspended--;
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

/* ---- Ctrl-C: the handler only installs a hook; the hook raises (as lua.c does) ---- */

static lua_State *volatile ls_interrupted_state = NULL;

static void ls_interrupt_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  lua_sethook(L, NULL, 0, 0);
  luaL_error(L, "interrupted!");
}

static void ls_sigint_action(int sig) {
  int flag = LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT;
  signal(sig, SIG_DFL);           /* a second Ctrl-C before the hook runs kills the process */
  if (ls_interrupted_state) lua_sethook(ls_interrupted_state, ls_interrupt_hook, flag, 1);
}

void ls_sigint_install(lua_State *L) {
  ls_interrupted_state = L;
  signal(SIGINT, ls_sigint_action);
}

void ls_sigint_remove(void) {
  signal(SIGINT, SIG_DFL);
  ls_interrupted_state = NULL;
}

/* ---- instruction budget for sandboxed code ---- */

static void ls_budget_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  lua_sethook(L, NULL, 0, 0);
  luaL_error(L, "instruction limit exceeded (runaway loop?)");
}

void ls_setinstructionlimit(lua_State *L, int count) {
  if (count > 0) lua_sethook(L, ls_budget_hook, LUA_MASKCOUNT, count);
  else lua_sethook(L, NULL, 0, 0);
}
