/* Loads Debian 12's AFL++ GCC plugin into a GCC whose Debian revision differs
 * from the one the plugin was built against.
 *
 * afl++ 4.04c-4 was built with gcc-12 12.2.0-14; bookworm now ships
 * 12.2.0-14+deb12u1. GCC's plugin_default_version_check() compares, among
 * others, the full `configure` command line, which names the package version,
 * so the plugin refuses to load ("GCC and plugin have incompatible versions,
 * expected GCC 12.2.0, is 12.2.0") although both are GCC 12.2.0 with the same
 * plugin ABI. This shim is what afl-g++-fast loads instead (AFL_PATH points at
 * a directory holding it as afl-gcc-pass.so, see run-campaign.sh): it hands
 * the real plugin GCC's own version record with only the configure line
 * replaced by the one the plugin was built with (AFL_PLUGIN_BUILT_WITH,
 * extracted from the plugin at build time). Base version, date stamp, phase
 * and revision are still compared, so a different GCC is still refused.
 * C, not C++: GCC loads it with dlopen and calls plugin_init only. */
#include <dlfcn.h>
#include <stdio.h>

struct plugin_gcc_version {
  const char *basever;
  const char *datestamp;
  const char *devphase;
  const char *revision;
  const char *configuration_arguments;
};

int plugin_is_GPL_compatible;

typedef int (*plugin_init_fn)(void *info, struct plugin_gcc_version *version);

int plugin_init(void *info, struct plugin_gcc_version *version) {
  void *real = dlopen(AFL_REAL_PLUGIN, RTLD_NOW | RTLD_GLOBAL);
  if (real == NULL) {
    fprintf(stderr, "afl_gcc_plugin_shim: %s\n", dlerror());
    return 1;
  }
  plugin_init_fn init;
  *(void **)&init = dlsym(real, "plugin_init");
  if (init == NULL) {
    fprintf(stderr, "afl_gcc_plugin_shim: %s has no plugin_init\n", AFL_REAL_PLUGIN);
    return 1;
  }
  struct plugin_gcc_version as_built = *version;
  as_built.configuration_arguments = AFL_PLUGIN_BUILT_WITH;
  return init(info, &as_built);
}
