package sovereign.skills;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import sovereign.api.skills.SkillFailedException.Reason;

/**
 * A module's linear memory, whose maximum is the smaller of the declared maximum and the cap.
 * Growing past the declared maximum fails as WebAssembly says (memory.grow returns -1); growing
 * past the cap stops the run with {@link Reason#MEMORY}.
 *
 * <p>It wraps Chicory's {@link ByteArrayMemory}: compiled code calls the memory on every load and
 * store, and the byte-array memory is about 1.5 times as fast there as the ByteBuffer one
 * (bench/skills.sh).
 */
final class CappedMemory implements Memory {

  private final Memory memory;
  private final int cap;
  private final int declaredMaximum;

  private CappedMemory(Memory memory, int cap, int declaredMaximum) {
    this.memory = memory;
    this.cap = cap;
    this.declaredMaximum = declaredMaximum;
  }

  /**
   * The memory for declared limits under a cap of {@code cap} pages.
   *
   * @throws SkillException MEMORY if the declared initial size is over the cap
   */
  static CappedMemory of(MemoryLimits declared, int cap) {
    if (declared.initialPages() > cap) {
      throw new SkillException(
          Reason.MEMORY,
          "the module declares "
              + declared.initialPages()
              + " pages of memory at start, over the cap of "
              + cap
              + " pages ("
              + cap * (PAGE_SIZE / 1024)
              + " KiB)");
    }
    int max = Math.min(declared.maximumPages(), cap);
    return new CappedMemory(
        new ByteArrayMemory(new MemoryLimits(declared.initialPages(), max, declared.shared())),
        cap,
        declared.maximumPages());
  }

  @Override
  public int grow(int size) {
    long wanted = (long) memory.pages() + Integer.toUnsignedLong(size);
    if (wanted > cap && wanted <= declaredMaximum) {
      throw new SkillException(
          Reason.MEMORY,
          "memory.grow to " + wanted + " pages is over the memory cap of " + cap + " pages");
    }
    return memory.grow(size);
  }

  @Override
  public int pages() {
    return memory.pages();
  }

  @Override
  public int initialPages() {
    return memory.initialPages();
  }

  @Override
  public int maximumPages() {
    return memory.maximumPages();
  }

  @Override
  public boolean shared() {
    return memory.shared();
  }

  @Override
  public Object lock(int address) {
    return memory.lock(address);
  }

  @Override
  public int waitOn(int address, int expected, long timeout) {
    return memory.waitOn(address, expected, timeout);
  }

  @Override
  public int waitOn(int address, long expected, long timeout) {
    return memory.waitOn(address, expected, timeout);
  }

  @Override
  public int notify(int address, int maxThreads) {
    return memory.notify(address, maxThreads);
  }

  @Override
  public void initialize(Instance instance, DataSegment[] dataSegments) {
    memory.initialize(instance, dataSegments);
  }

  @Override
  public void initialize(Instance instance, DataSegment[] dataSegments, int memoryIndex) {
    memory.initialize(instance, dataSegments, memoryIndex);
  }

  @Override
  public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
    memory.initPassiveSegment(segmentId, dest, offset, size);
  }

  @Override
  public void write(int addr, byte[] data, int offset, int size) {
    memory.write(addr, data, offset, size);
  }

  @Override
  public byte read(int addr) {
    return memory.read(addr);
  }

  @Override
  public byte[] readBytes(int addr, int len) {
    return memory.readBytes(addr, len);
  }

  @Override
  public void writeI32(int addr, int data) {
    memory.writeI32(addr, data);
  }

  @Override
  public int readInt(int addr) {
    return memory.readInt(addr);
  }

  @Override
  public void writeLong(int addr, long data) {
    memory.writeLong(addr, data);
  }

  @Override
  public long readLong(int addr) {
    return memory.readLong(addr);
  }

  @Override
  public void writeShort(int addr, short data) {
    memory.writeShort(addr, data);
  }

  @Override
  public short readShort(int addr) {
    return memory.readShort(addr);
  }

  @Override
  public long readU16(int addr) {
    return memory.readU16(addr);
  }

  @Override
  public void writeByte(int addr, byte data) {
    memory.writeByte(addr, data);
  }

  @Override
  public void writeF32(int addr, float data) {
    memory.writeF32(addr, data);
  }

  @Override
  public long readF32(int addr) {
    return memory.readF32(addr);
  }

  @Override
  public float readFloat(int addr) {
    return memory.readFloat(addr);
  }

  @Override
  public void writeF64(int addr, double data) {
    memory.writeF64(addr, data);
  }

  @Override
  public double readDouble(int addr) {
    return memory.readDouble(addr);
  }

  @Override
  public long readF64(int addr) {
    return memory.readF64(addr);
  }

  @Override
  public void zero() {
    memory.zero();
  }

  @Override
  public void fill(byte value, int fromIndex, int toIndex) {
    memory.fill(value, fromIndex, toIndex);
  }

  @Override
  public void copy(int dest, int src, int size) {
    memory.copy(dest, src, size);
  }

  @Override
  public void drop(int segment) {
    memory.drop(segment);
  }
}
