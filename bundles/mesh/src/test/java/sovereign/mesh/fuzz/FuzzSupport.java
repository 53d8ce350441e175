package sovereign.mesh.fuzz;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import sovereign.mesh.transport.Misbehaviour;

/**
 * What the fuzz tests share: access to the package-private Netty handlers of {@code
 * sovereign.mesh.transport} (by reflection, since the fuzz tests live in their own package), the
 * splitting of a byte stream into chunks, and an allocator that records its largest allocation.
 */
final class FuzzSupport {

  private FuzzSupport() {}

  /** A new {@code FrameDecoder(maxFrameBytes)}. */
  static ChannelHandler newFrameDecoder(int maxFrameBytes) {
    return newHandler(
        "sovereign.mesh.transport.FrameDecoder", new Class<?>[] {int.class}, maxFrameBytes);
  }

  /** A new {@code TlsRecordSniffer(null)}: the dialler's sniffer, the TLS handler already in. */
  static ChannelHandler newTlsRecordSniffer() {
    return newHandler(
        "sovereign.mesh.transport.TlsRecordSniffer",
        new Class<?>[] {tlsFactoryInterface()},
        (Object) null);
  }

  /** A new listener's {@code TlsRecordSniffer} whose TLS factory always fails with {@code e}. */
  static ChannelHandler newTlsRecordSnifferWithFailingFactory(Exception e) {
    Class<?> factory = tlsFactoryInterface();
    Object failing =
        java.lang.reflect.Proxy.newProxyInstance(
            factory.getClassLoader(),
            new Class<?>[] {factory},
            (proxy, method, args) -> {
              if (method.getName().equals("create")) {
                throw e;
              }
              if (method.getName().equals("toString")) {
                return "failing TLS factory";
              }
              if (method.getName().equals("hashCode")) {
                return System.identityHashCode(proxy);
              }
              if (method.getName().equals("equals")) {
                return proxy == args[0];
              }
              throw new UnsupportedOperationException(method.getName());
            });
    return newHandler(
        "sovereign.mesh.transport.TlsRecordSniffer", new Class<?>[] {factory}, failing);
  }

  private static Class<?> tlsFactoryInterface() {
    try {
      return Class.forName("sovereign.mesh.transport.TlsRecordSniffer$TlsFactory");
    } catch (ClassNotFoundException e) {
      throw new AssertionError("TlsRecordSniffer.TlsFactory moved", e);
    }
  }

  private static ChannelHandler newHandler(String className, Class<?>[] types, Object... args) {
    try {
      Constructor<?> constructor = Class.forName(className).getDeclaredConstructor(types);
      constructor.setAccessible(true);
      return (ChannelHandler) constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      throw new AssertionError(className + " constructor failed", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(className + " changed its constructor", e);
    }
  }

  /** Whether {@code t} is the transport's {@code FrameException}. */
  static boolean isFrameException(Throwable t) {
    return t.getClass().getName().equals("sovereign.mesh.transport.FrameException");
  }

  /** The {@link Misbehaviour.Kind} a {@code FrameException} carries. */
  static Misbehaviour.Kind frameExceptionKind(Throwable frameException) {
    try {
      Method kind = frameException.getClass().getDeclaredMethod("kind");
      kind.setAccessible(true);
      return (Misbehaviour.Kind) kind.invoke(frameException);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("FrameException.kind() changed", e);
    }
  }

  /**
   * Chunk sizes that cover {@code total} bytes, drawn from {@code control}: its low 7 bits are the
   * largest chunk less one, bit 7 allows empty chunks, and the whole byte seeds the generator.
   */
  static List<Integer> chunkSizes(int total, byte control) {
    int largest = 1 + (control & 0x7f);
    int smallest = (control & 0x80) != 0 ? 0 : 1;
    SplittableRandom random = new SplittableRandom(control);
    List<Integer> sizes = new ArrayList<>();
    int left = total;
    while (left > 0) {
      int size = Math.min(left, smallest + random.nextInt(largest - smallest + 1));
      sizes.add(size);
      left -= size;
    }
    return sizes;
  }

  /** A heap allocator that records the largest backing array it ever made. */
  /**
   * Writes {@code stream} into the channel in chunks of the given sizes, stopping once the channel
   * closes.
   *
   * @return the non-empty chunks written, so the caller can check each was released (an empty chunk
   *     is Netty's shared EMPTY_BUFFER, never released), and how many bytes they held
   */
  static Fed feed(EmbeddedChannel channel, byte[] stream, List<Integer> sizes) {
    List<ByteBuf> fed = new ArrayList<>();
    int offset = 0;
    for (int size : sizes) {
      if (!channel.isOpen()) {
        break;
      }
      ByteBuf chunk = Unpooled.copiedBuffer(stream, offset, size);
      if (size > 0) {
        fed.add(chunk);
      }
      offset += size;
      channel.writeInbound(chunk);
    }
    return new Fed(fed, offset);
  }

  /** What {@link #feed} wrote. */
  record Fed(List<ByteBuf> chunks, int bytes) {}

  static final class TrackingAllocator extends AbstractByteBufAllocator {
    private int largest;

    TrackingAllocator() {
      super(false);
    }

    int largestAllocation() {
      return largest;
    }

    private void record(int bytes) {
      largest = Math.max(largest, bytes);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
      return new TrackedHeapBuf(this, initialCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
      return newHeapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
      return false;
    }

    @Override
    public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
      return new CompositeByteBuf(this, false, maxNumComponents);
    }

    private static final class TrackedHeapBuf extends UnpooledHeapByteBuf {
      TrackedHeapBuf(ByteBufAllocator alloc, int initialCapacity, int maxCapacity) {
        super(alloc, initialCapacity, maxCapacity);
      }

      @Override
      protected byte[] allocateArray(int initialCapacity) {
        ((TrackingAllocator) alloc()).record(initialCapacity);
        return super.allocateArray(initialCapacity);
      }
    }
  }
}
