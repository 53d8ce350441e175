package sovereign.skills;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compiled modules by the hash of their bytes, least recently used evicted beyond a size. A module
 * compiled twice by callers racing is harmless: the second result replaces the first.
 */
final class ModuleCache {

  private final Map<String, CompiledModule> modules;

  ModuleCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a module cache holds at least 1, not " + capacity);
    }
    this.modules =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, CompiledModule> eldest) {
            return size() > capacity;
          }
        };
  }

  /**
   * The compiled form of {@code wasm}, compiled now unless cached.
   *
   * @throws SkillException INVALID if it does not parse or compile
   */
  CompiledModule get(byte[] wasm) {
    String sha256 = CompiledModule.sha256(wasm);
    synchronized (modules) {
      CompiledModule cached = modules.get(sha256);
      if (cached != null) {
        return cached;
      }
    }
    CompiledModule compiled = CompiledModule.compile(wasm, sha256);
    synchronized (modules) {
      modules.put(sha256, compiled);
    }
    return compiled;
  }

  /** Whether the module with this hash is compiled and cached. */
  boolean contains(String sha256) {
    synchronized (modules) {
      return modules.containsKey(sha256);
    }
  }
}
