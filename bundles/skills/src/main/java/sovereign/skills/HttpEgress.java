package sovereign.skills;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import sovereign.api.policy.Decision;
import sovereign.api.policy.Policy;
import sovereign.api.policy.Request;
import sovereign.api.skills.SkillFailedException.Reason;

/**
 * Outbound HTTP GET for skills, through the egress policy: the URL's host and port are decided as
 * {@code net.connect}, then the name is resolved and each address decided again, so that a name
 * cannot lead to a loopback or private address that was not granted by value (docs/policy.md,
 * "Addresses"). No proxy and no redirects: a redirect is returned to the skill as its status.
 */
final class HttpEgress implements AutoCloseable {

  /** What came back: an HTTP status and its body, or status -1 if no response came. */
  record Response(int status, byte[] body) {}

  private final int maxResponseBytes;
  private final Duration connectTimeout;
  private final ExecutorService executor;
  private volatile HttpClient client;

  HttpEgress(int maxResponseBytes, Duration connectTimeout) {
    this.maxResponseBytes = maxResponseBytes;
    AtomicInteger count = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "skill-http-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.connectTimeout = connectTimeout;
  }

  /**
   * The client, made at the first request: building one loads the JDK's HTTP and TLS machinery,
   * which a node whose skills never fetch should not load at boot.
   */
  private HttpClient client() {
    HttpClient c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          c =
              HttpClient.newBuilder()
                  .executor(executor)
                  .proxy(HttpClient.Builder.NO_PROXY)
                  .followRedirects(HttpClient.Redirect.NEVER)
                  .connectTimeout(connectTimeout)
                  .build();
          client = c;
        }
      }
    }
    return c;
  }

  /**
   * GETs {@code url} for {@code subject}.
   *
   * @throws SkillException REFUSED if the URL is not http(s) or the policy refuses a check, OUTPUT
   *     if the body is larger than the cap
   * @throws InterruptedException if the run is stopped while it waits
   */
  Response get(Policy policy, String subject, String correlation, String url, Duration timeout)
      throws InterruptedException {
    URI uri = parse(url);
    String host = uri.getHost();
    int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
    Request named = Request.connect(host, port).withCorrelation(correlation);
    if (literal(host)) {
      decide(policy, subject, named, url);
    } else {
      // The name is checked before it is looked up, so that a refused name never reaches DNS;
      // without side effects, so that a MEDIUM-tier connection asks the operator once, with the
      // address it will really reach (docs/skills.md, "Outbound HTTP").
      Decision byName = policy.check(subject, named);
      if (byName.verdict() == Decision.Verdict.DENY) {
        decide(policy, subject, named, url);
      }
      InetAddress[] addresses;
      try {
        addresses = InetAddress.getAllByName(host);
      } catch (UnknownHostException e) {
        return new Response(-1, new byte[0]);
      }
      // The JDK caches a lookup (networkaddress.cache.ttl, 30 s by default), so the client
      // connects to one of the addresses decided here; docs/security.md says what remains.
      for (InetAddress address : addresses) {
        decide(
            policy,
            subject,
            Request.connect(host, address.getHostAddress(), port).withCorrelation(correlation),
            url);
      }
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .GET()
            .timeout(positive(timeout))
            .header("Accept", "*/*")
            .build();
    try {
      HttpResponse<InputStream> response =
          client().send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        byte[] bytes = body.readNBytes(maxResponseBytes + 1);
        if (bytes.length > maxResponseBytes) {
          throw new SkillException(
              Reason.OUTPUT,
              "the response of "
                  + url
                  + " is larger than the cap of "
                  + maxResponseBytes
                  + " bytes");
        }
        return new Response(response.statusCode(), bytes);
      }
    } catch (HttpTimeoutException e) {
      return new Response(-1, new byte[0]);
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("stopped during " + url);
      }
      return new Response(-1, new byte[0]);
    }
  }

  private static void decide(Policy policy, String subject, Request request, String url) {
    Decision decision = policy.decide(subject, request);
    if (!decision.allowed()) {
      throw new SkillException(
          Reason.REFUSED,
          "http_get " + url + " refused (" + request.capability() + "): " + decision);
    }
  }

  /** Whether a URI host is an IP address literal rather than a name. */
  static boolean literal(String host) {
    return host.startsWith("[") || host.matches("[0-9.]+");
  }

  private static URI parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new SkillException(
          Reason.REFUSED, "http_get '" + url + "' is not a URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new SkillException(Reason.REFUSED, "http_get '" + url + "': only http and https URLs");
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null) {
      throw new SkillException(
          Reason.REFUSED,
          "http_get '" + url + "': a URL needs a host and may not carry a user name");
    }
    return uri;
  }

  private static Duration positive(Duration timeout) {
    return timeout.isNegative() || timeout.isZero() ? Duration.ofMillis(1) : timeout;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
