package sovereign.skills;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code sovereign.skills}: the host's defaults and maxima (docs/skills.md). */
@ObjectClassDefinition(name = "Sovereign skills host")
@interface SkillsConfig {

  @AttributeDefinition(description = "Wall time of a run whose bundle declares none, ms")
  long defaultWallTimeMs() default 5_000;

  @AttributeDefinition(description = "The most wall time any run gets, ms")
  long maxWallTimeMs() default 60_000;

  @AttributeDefinition(description = "Memory pages (64 KiB) of a module whose bundle declares none")
  int defaultMemoryPages() default 256;

  @AttributeDefinition(description = "The most memory pages any module gets")
  int maxMemoryPages() default 1024;

  @AttributeDefinition(description = "Input cap of a skill whose bundle declares none, bytes")
  int defaultMaxInput() default 1 << 20;

  @AttributeDefinition(description = "The largest input any skill gets, bytes")
  int maxInput() default 16 << 20;

  @AttributeDefinition(description = "Output cap of a skill whose bundle declares none, bytes")
  int defaultMaxOutput() default 1 << 20;

  @AttributeDefinition(description = "The largest output any skill may write, bytes")
  int maxOutput() default 16 << 20;

  @AttributeDefinition(description = "Stack of a run's thread, bytes; bounds the call depth")
  long stackBytes() default 1 << 20;

  @AttributeDefinition(description = "Bytes a skill's sandbox folder may hold")
  long sandboxQuotaBytes() default 64L << 20;

  @AttributeDefinition(description = "The largest HTTP response body a skill may fetch, bytes")
  int maxHttpResponse() default 4 << 20;

  @AttributeDefinition(description = "Log lines a run may write; the rest are counted and dropped")
  int logLinesPerRun() default 100;

  @AttributeDefinition(description = "Runs at once; more are refused")
  int maxConcurrentRuns() default 4;

  @AttributeDefinition(description = "Compiled modules kept in memory")
  int compiledModules() default 32;

  @AttributeDefinition(description = "The largest WASM module a bundle may carry, bytes")
  int maxModuleBytes() default 32 << 20;
}
