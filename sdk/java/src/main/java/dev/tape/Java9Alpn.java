package dev.tape;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.JdkApplicationProtocolNegotiator;
import io.netty.handler.ssl.JdkSslClientContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Constructor;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS with HTTP/2 negotiated through the JDK's own ALPN (Java 9+), for Debian's netty.
 *
 * <p>gRPC needs ALPN to agree on "h2". Debian's libnetty-java 4.1.48 leaves out the classes that
 * tell netty the JDK can do ALPN (JdkAlpnApplicationProtocolNegotiator), so {@code
 * GrpcSslContexts.forClient()} fails with "JDK provider does not support ALPN protocol", although
 * it ships the engine that does it on Java 9+ (Java9SslEngine, package-private). This builds the
 * client context netty would have built: the HTTP/2 cipher suites, and each engine wrapped in
 * Java9SslEngine, which offers "h2" and reports what the server chose. Only used when gRPC's own
 * way fails.
 */
final class Java9Alpn implements JdkApplicationProtocolNegotiator {
  private static final List<String> H2 = List.of("h2");

  private final Constructor<?> engine;

  private Java9Alpn() throws ReflectiveOperationException {
    Class<?> type = Class.forName("io.netty.handler.ssl.Java9SslEngine");
    engine = type.getDeclaredConstructor(SSLEngine.class, JdkApplicationProtocolNegotiator.class, boolean.class);
    engine.setAccessible(true);
  }

  /** A client context trusting {@code pem} (null: the JDK's roots). */
  @SuppressWarnings("deprecation") // the one public constructor that takes a JDK negotiator
  static SslContext clientContext(byte[] pem) throws SSLException {
    Java9Alpn negotiator;
    try {
      negotiator = new Java9Alpn();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new SSLException("this netty has no Java 9 ALPN engine: " + e, e);
    }
    return new JdkSslClientContext(
        null, trust(pem), Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE, negotiator, 0, 0);
  }

  private static TrustManagerFactory trust(byte[] pem) throws SSLException {
    if (pem == null) {
      return null;
    }
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate cert :
          CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
        store.setCertificateEntry("ca-" + i++, cert);
      }
      if (i == 0) {
        throw new SSLException("no certificate in the PEM");
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      return tmf;
    } catch (java.security.GeneralSecurityException | java.io.IOException e) {
      throw new SSLException("the root certificates cannot be read: " + e.getMessage(), e);
    }
  }

  @Override
  public List<String> protocols() {
    return H2;
  }

  @Override
  public SslEngineWrapperFactory wrapperFactory() {
    return (sslEngine, negotiator, isServer) -> {
      try {
        return (SSLEngine) engine.newInstance(sslEngine, negotiator, isServer);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot wrap the TLS engine for ALPN", e);
      }
    };
  }

  @Override
  public ProtocolSelectorFactory protocolSelectorFactory() {
    // Servers choose; this is a client context.
    return (sslEngine, supported) -> {
      throw new UnsupportedOperationException("client-side ALPN only");
    };
  }

  @Override
  public ProtocolSelectionListenerFactory protocolListenerFactory() {
    // Accept whatever the server picked: gRPC itself refuses a channel that did not agree on h2.
    return (sslEngine, supported) ->
        new ProtocolSelectionListener() {
          @Override
          public void unsupported() {}

          @Override
          public void selected(String protocol) {}
        };
  }
}
