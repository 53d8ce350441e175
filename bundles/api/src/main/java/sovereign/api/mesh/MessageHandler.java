package sovereign.api.mesh;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives the messages of a topic; see {@link Mesh#subscribe}. */
@ConsumerType
@FunctionalInterface
public interface MessageHandler {

  /** One message. An exception is logged and does not stop later messages. */
  void onMessage(MeshMessage message);
}
