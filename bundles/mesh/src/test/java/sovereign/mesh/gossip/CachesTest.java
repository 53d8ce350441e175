package sovereign.mesh.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The message cache windows and the seen cache TTL (gossipsub-v1.0 §Message Cache). */
class CachesTest {

  private static GossipMessage message(String topic, int seqno) {
    return new GossipMessage(topic, new PeerKey(new byte[32]), seqno, new byte[0], new byte[64]);
  }

  @Test
  void gossipCoversThreeWindowsAndTheCacheFive() {
    MessageCache cache = new MessageCache(5, 3);
    GossipMessage m = message("t", 1);
    cache.put(m.id(), m);
    cache.put(message("other", 2).id(), message("other", 2));
    assertThat(cache.gossipIds("t")).containsExactly(m.id());
    cache.shift();
    cache.shift();
    assertThat(cache.gossipIds("t")).containsExactly(m.id());
    cache.shift();
    assertThat(cache.gossipIds("t")).isEmpty();
    assertThat(cache.get(m.id())).contains(m);
    cache.shift();
    assertThat(cache.get(m.id())).contains(m);
    cache.shift();
    assertThat(cache.get(m.id())).isEmpty();
    assertThat(cache.size()).isZero();
  }

  @Test
  void seenIdsExpireAfterTheirTtl() {
    SeenCache seen = new SeenCache(1000);
    MessageId a = message("t", 1).id();
    MessageId b = message("t", 2).id();
    seen.add(a, ValidationResult.REJECT, 0);
    seen.add(b, ValidationResult.ACCEPT, 500);
    seen.add(a, ValidationResult.ACCEPT, 600);
    assertThat(seen.verdict(a)).isEqualTo(ValidationResult.REJECT);
    seen.expire(999);
    assertThat(seen.contains(a)).isTrue();
    seen.expire(1000);
    assertThat(seen.contains(a)).isFalse();
    assertThat(seen.contains(b)).isTrue();
    seen.expire(1500);
    assertThat(seen.size()).isZero();
  }

  @Test
  void backoffsHaveSlackForOurGraftsButNotForTheirs() {
    Backoffs backoffs = new Backoffs(1000);
    PeerKey p = new PeerKey(new byte[32]);
    backoffs.add("t", p, 10_000);
    backoffs.add("t", p, 5_000); // never shortened
    assertThat(backoffs.violated("t", p, 9_999)).isTrue();
    assertThat(backoffs.violated("t", p, 10_000)).isFalse();
    assertThat(backoffs.mayGraft("t", p, 10_500)).isFalse();
    assertThat(backoffs.mayGraft("t", p, 11_000)).isTrue();
    assertThat(backoffs.mayGraft("u", p, 0)).isTrue();
  }
}
