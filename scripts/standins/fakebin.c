/*
 * Stand-in for a language runtime or server binary (python3, node, java, ...)
 * in the end-to-end stand-in images. It does nothing but report how it was
 * started, as one JSON line on stdout, and exit 0:
 *
 *   {"argv0":"node","argv":["node","index.js"],"uid":1000,"gid":1000,
 *    "cwd":"/app","env":{"PATH":"...",...}}
 *
 * argv0 is the basename of argv[0], i.e. the program name it was invoked as
 * (the image installs this one file under many names). Built static so the
 * stand-in images need no libc: gcc -static -O2 -o fakebin fakebin.c
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <limits.h>

extern char **environ;

static void json_string(const char *s) {
  putchar('"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
      case '"': fputs("\\\"", stdout); break;
      case '\\': fputs("\\\\", stdout); break;
      case '\n': fputs("\\n", stdout); break;
      case '\r': fputs("\\r", stdout); break;
      case '\t': fputs("\\t", stdout); break;
      default:
        if (*p < 0x20) printf("\\u%04x", *p);
        else putchar(*p);
    }
  }
  putchar('"');
}

int main(int argc, char **argv) {
  const char *name = argc > 0 && argv[0] ? argv[0] : "";
  const char *slash = strrchr(name, '/');
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd)) strcpy(cwd, "?");

  fputs("{\"argv0\":", stdout);
  json_string(slash ? slash + 1 : name);
  fputs(",\"argv\":[", stdout);
  for (int i = 0; i < argc; i++) {
    if (i) putchar(',');
    json_string(argv[i]);
  }
  printf("],\"uid\":%u,\"gid\":%u,\"euid\":%u,\"cwd\":", (unsigned)getuid(), (unsigned)getgid(),
         (unsigned)geteuid());
  json_string(cwd);
  fputs(",\"env\":{", stdout);
  int first = 1;
  for (char **e = environ; e && *e; e++) {
    const char *eq = strchr(*e, '=');
    if (!eq) continue;
    char key[256];
    size_t n = (size_t)(eq - *e);
    if (n >= sizeof key) continue;
    memcpy(key, *e, n);
    key[n] = '\0';
    if (!first) putchar(',');
    first = 0;
    json_string(key);
    putchar(':');
    json_string(eq + 1);
  }
  fputs("}}\n", stdout);
  return fflush(stdout) == 0 ? 0 : 1;
}
