package sovereign.mesh.transport;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link MeshListener} that records every event, in order, for tests to wait on. */
class Recorder implements MeshListener {

  /** One reported event. */
  final BlockingQueue<PeerConnection> opened = new LinkedBlockingQueue<>();

  final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  final BlockingQueue<PeerConnection> closed = new LinkedBlockingQueue<>();
  final BlockingQueue<Misbehaviour> misbehaviours = new LinkedBlockingQueue<>();
  final List<String> order = new CopyOnWriteArrayList<>();

  record Frame(PeerConnection connection, byte[] bytes) {}

  @Override
  public void opened(PeerConnection connection) {
    order.add("opened");
    opened.add(connection);
  }

  @Override
  public void frame(PeerConnection connection, byte[] frame) {
    order.add("frame");
    frames.add(new Frame(connection, frame));
  }

  @Override
  public void closed(PeerConnection connection) {
    order.add("closed");
    closed.add(connection);
  }

  @Override
  public void misbehaved(Misbehaviour misbehaviour) {
    order.add("misbehaved:" + misbehaviour.kind());
    misbehaviours.add(misbehaviour);
  }

  static <T> T next(BlockingQueue<T> queue) throws InterruptedException {
    T item = queue.poll(20, TimeUnit.SECONDS);
    if (item == null) {
      throw new AssertionError("nothing arrived within 20 s");
    }
    return item;
  }
}
