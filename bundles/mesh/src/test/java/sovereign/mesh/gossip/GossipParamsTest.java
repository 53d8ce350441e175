package sovereign.mesh.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class GossipParamsTest {

  @Test
  void defaultsAreTheSpecsWhereItHasThem() {
    GossipParams p = GossipParams.DEFAULTS;
    assertThat(p.d()).isEqualTo(6);
    assertThat(p.dLow()).isEqualTo(4);
    assertThat(p.dHigh()).isEqualTo(12);
    assertThat(p.dLazy()).isEqualTo(6);
    assertThat(p.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.fanoutTtl()).isEqualTo(Duration.ofSeconds(60));
    assertThat(p.seenTtl()).isEqualTo(Duration.ofMinutes(2));
    assertThat(p.pruneBackoff()).isEqualTo(Duration.ofSeconds(60));
    assertThat(p.historyLength()).isEqualTo(5);
    assertThat(p.historyGossip()).isEqualTo(3);
    assertThat(p.banThreshold()).isLessThanOrEqualTo(p.graylistThreshold());
    assertThat(p.toBuilder().build()).isEqualTo(p);
  }

  @Test
  void inconsistentParametersAreRefusedWithTheirName() {
    refused(b -> b.dLow(7), "dLow (7) must not exceed d (6)");
    refused(b -> b.dHigh(5), "d (6) must not exceed dHigh (5)");
    refused(b -> b.dLow(0), "dLow must be at least 1");
    refused(b -> b.dScore(7), "dScore");
    refused(b -> b.gossipFactor(1.5), "gossipFactor");
    refused(b -> b.historyGossip(6), "historyGossip (6) must not exceed historyLength (5)");
    refused(b -> b.heartbeatInterval(Duration.ZERO), "heartbeatInterval must be positive");
    refused(b -> b.pruneBackoff(Duration.ofSeconds(-1)), "pruneBackoff must not be negative");
    refused(b -> b.pruneBackoff(Duration.ofDays(2)), "backoffs must not exceed");
    refused(b -> b.maxIHaveLength(5001), "maxIHaveLength");
    refused(b -> b.maxFrameBytes(1024), "maxFrameBytes (1024) must hold one message");
    refused(
        b -> b.maxFrameBytes(RpcCodec.HARD_MAX_FRAME_BYTES + 1), "maxFrameBytes must not exceed");
    refused(b -> b.invalidMessageDeliveriesWeight(1), "invalidMessageDeliveriesWeight");
    refused(b -> b.behaviourPenaltyWeight(1), "behaviourPenaltyWeight");
    refused(b -> b.firstMessageDeliveriesDecay(1), "firstMessageDeliveriesDecay");
    refused(b -> b.gossipThreshold(1), "gossipThreshold must not be positive");
    refused(b -> b.publishThreshold(-5), "publishThreshold (-5.0) must not exceed gossipThreshold");
    refused(
        b -> b.graylistThreshold(-40),
        "graylistThreshold (-40.0) must not exceed publishThreshold");
    refused(b -> b.banThreshold(-70), "banThreshold (-70.0) must not exceed graylistThreshold");
  }

  @Test
  void consistentNonDefaultParametersAreAccepted() {
    GossipParams p =
        GossipParams.builder().d(8).dLow(6).dHigh(12).dScore(5).historyGossip(5).build();
    assertThat(p.d()).isEqualTo(8);
    assertThat(GossipParams.builder().dLow(6).d(6).dHigh(6).build().dHigh()).isEqualTo(6);
  }

  private static void refused(UnaryOperator<GossipParamsBuilder> change, String message) {
    assertThatThrownBy(() -> change.apply(GossipParams.builder()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
