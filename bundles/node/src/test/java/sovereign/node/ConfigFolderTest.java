package sovereign.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.log.Logger;
import sovereign.api.identity.NodeHome;
import sovereign.api.identity.NodeId;

class ConfigFolderTest {

  @TempDir Path root;

  private ConfigFolder folder(ConfigurationAdmin admin) {
    ConfigFolder folder = new ConfigFolder();
    folder.configAdmin = admin;
    folder.logger = mock(Logger.class);
    folder.home =
        new NodeHome() {
          @Override
          public NodeId nodeId() {
            return NodeId.fromPublicKey(new byte[32]);
          }

          @Override
          public Path root() {
            return root;
          }
        };
    return folder;
  }

  @Test
  void jsonKindsBecomeTypedProperties() throws Exception {
    Dictionary<String, Object> p =
        ConfigFolder.parse(
            "{\"mintAuthorities\": [\"self\"], \"port\": 8022, \"ratio\": 0.5, \"on\": true,"
                + " \"name\": \"x\"}");
    assertThat((String[]) p.get("mintAuthorities")).containsExactly("self");
    assertThat(p.get("port")).isEqualTo(8022L);
    assertThat(p.get("ratio")).isEqualTo(0.5);
    assertThat(p.get("on")).isEqualTo(true);
    assertThat(p.get("name")).isEqualTo("x");
  }

  @Test
  void nonObjectsNestedObjectsAndMixedArraysAreRefusedNamingTheProblem() {
    assertThatThrownBy(() -> ConfigFolder.parse("[1,2]")).hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> ConfigFolder.parse("{\"a\": {\"b\": 1}}"))
        .hasMessageContaining("property 'a' is OBJECT");
    assertThatThrownBy(() -> ConfigFolder.parse("{\"a\": [1, \"x\"]}"))
        .hasMessageContaining("property 'a' mixes kinds");
  }

  @Test
  void filesPresentAtStartAndWrittenLaterConfigureTheirPid() throws Exception {
    ConfigurationAdmin admin = mock(ConfigurationAdmin.class);
    Configuration ledger = mock(Configuration.class);
    Configuration console = mock(Configuration.class);
    when(admin.getConfiguration(eq("sovereign.ledger"), anyString())).thenReturn(ledger);
    when(admin.getConfiguration(eq("sovereign.console.ssh"), anyString())).thenReturn(console);
    when(ledger.updateIfDifferent(any())).thenReturn(true);
    when(console.updateIfDifferent(any())).thenReturn(true);
    Path config = Files.createDirectories(root.resolve("data/config"));
    Files.writeString(config.resolve("sovereign.ledger.json"), "{\"mintAuthorities\": [\"self\"]}");

    ConfigFolder folder = folder(admin);
    folder.activate();
    try {
      @SuppressWarnings("unchecked")
      ArgumentCaptor<Dictionary<String, ?>> applied = ArgumentCaptor.forClass(Dictionary.class);
      verify(ledger).updateIfDifferent(applied.capture());
      assertThat((String[]) applied.getValue().get("mintAuthorities")).containsExactly("self");

      Path tmp = config.resolve("console.tmp");
      Files.writeString(tmp, "{\"port\": 2222}");
      Files.move(tmp, config.resolve("sovereign.console.ssh.json"));
      verify(console, timeout(20_000)).updateIfDifferent(any());
    } finally {
      folder.deactivate();
    }
  }

  @Test
  void brokenFileChangesNothing() throws Exception {
    ConfigurationAdmin admin = mock(ConfigurationAdmin.class);
    Path config = Files.createDirectories(root.resolve("data/config"));
    Files.writeString(config.resolve("sovereign.ledger.json"), "{\"mintAuthorities\": [\"self\"");
    ConfigFolder folder = folder(admin);
    folder.activate();
    folder.deactivate();
    verify(admin, never()).getConfiguration(anyString(), anyString());
  }
}
