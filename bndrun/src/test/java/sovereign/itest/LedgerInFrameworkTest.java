package sovereign.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.util.tracker.ServiceTracker;
import sovereign.api.identity.NodeIdentity;
import sovereign.api.ledger.Accounts;
import sovereign.api.ledger.Amounts;
import sovereign.api.ledger.Currency;
import sovereign.api.ledger.Entry;
import sovereign.api.ledger.Ledger;

/** The ledger bundle in Felix with the real identity service. */
class LedgerInFrameworkTest {

  /** What an actor signs for an entry (docs/ledger.md, "Signature"). */
  private static final byte[] SIGNING_TAG =
      "sovereign/ledger/entry/v1\0".getBytes(StandardCharsets.US_ASCII);

  @InjectBundleContext BundleContext context;

  /**
   * Makes this node a mint authority and mints with it, retrying while the ledger picks up the new
   * configuration (Configuration Admin delivers it asynchronously).
   */
  private Ledger mintWithAuthority(ConfigurationAdmin admin, String wallet) throws Exception {
    Configuration config = admin.getConfiguration("sovereign.ledger", "?");
    Hashtable<String, Object> properties = new Hashtable<>();
    properties.put("mintAuthorities", new String[] {"self"});
    config.updateIfDifferent(properties);
    long end = System.currentTimeMillis() + 20_000;
    RuntimeException last = null;
    while (System.currentTimeMillis() < end) {
      Ledger ledger = awaitLedger(l -> true);
      try {
        ledger.mint(wallet, Amounts.parse("1000"), Currency.IPPC, "itest");
        return ledger;
      } catch (RuntimeException e) {
        last = e;
        Thread.sleep(50);
      }
    }
    throw new AssertionError("this node never became a mint authority", last);
  }

  private Ledger awaitLedger(java.util.function.Predicate<Ledger> ready) throws Exception {
    ServiceTracker<Ledger, Ledger> tracker = new ServiceTracker<>(context, Ledger.class, null);
    tracker.open();
    try {
      long end = System.currentTimeMillis() + 20_000;
      while (System.currentTimeMillis() < end) {
        Ledger l = tracker.getService();
        if (l != null && ready.test(l)) {
          return l;
        }
        Thread.sleep(50);
      }
      throw new AssertionError("no ledger service");
    } finally {
      tracker.close();
    }
  }

  @Test
  void entriesAreSignedByTheNodeIdentityAndBalancesSurviveARestart(
      @InjectService(timeout = 20_000) NodeIdentity identity,
      @InjectService(timeout = 20_000) ConfigurationAdmin admin)
      throws Exception {
    String wallet = Accounts.wallet(identity.nodeId());
    long before = awaitLedger(l -> true).balances(wallet).getOrDefault(Currency.IPPC, 0L);
    Ledger ledger = mintWithAuthority(admin, wallet);
    Entry paid = ledger.transfer(Accounts.TREASURY, Amounts.parse("2.5"), Currency.IPPC, "itest");

    assertThat(paid.actor()).isEqualTo(identity.nodeId());
    byte[] message = new byte[SIGNING_TAG.length + 32];
    System.arraycopy(SIGNING_TAG, 0, message, 0, SIGNING_TAG.length);
    System.arraycopy(paid.hash().bytes(), 0, message, SIGNING_TAG.length, 32);
    assertThat(identity.verify(identity.nodeId(), message, paid.signature())).isTrue();
    long after = ledger.balances(wallet).get(Currency.IPPC);
    assertThat(after - before).isEqualTo(Amounts.parse("997.5"));

    Bundle ledgerBundle = bundle("sovereign.ledger");
    ledgerBundle.stop();
    ledgerBundle.start();
    Ledger reopened = awaitLedger(l -> l != ledger);

    assertThat(reopened.balances(wallet).get(Currency.IPPC)).isEqualTo(after);
    assertThat(reopened.verify().ok()).isTrue();
    ByteArrayOutputStream export = new ByteArrayOutputStream();
    assertThat(reopened.export(export)).isGreaterThanOrEqualTo(2);
    assertThat(export.toString(StandardCharsets.UTF_8)).contains("itest");
  }

  private Bundle bundle(String symbolicName) {
    for (Bundle b : context.getBundles()) {
      if (symbolicName.equals(b.getSymbolicName())) {
        return b;
      }
    }
    throw new AssertionError("no bundle " + symbolicName);
  }
}
