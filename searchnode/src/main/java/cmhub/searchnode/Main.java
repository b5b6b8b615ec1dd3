package cmhub.searchnode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch node in this JVM, with the two modules CM Hub needs: HTTP
 * and transport over Netty, and the common analysis (stemmers, elision,
 * ASCII folding, synonyms, n-grams). Started by bin/search-node; every
 * setting comes from the command line as {@code key=value}, e.g.
 * {@code http.port=9250 discovery.type=single-node}. Stops on SIGTERM.
 */
public final class Main {
    /** A node whose plugins are classes on the classpath, not installed folders. */
    static final class ClasspathNode extends Node {
        ClasspathNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
            super(environment, plugins, true);
        }
    }

    public static void main(String[] args) throws Exception {
        Settings.Builder builder = Settings.builder()
            .put("network.host", "127.0.0.1")
            // A developer's or CI's disk may be fuller than a server's: never
            // refuse to place a shard because of it.
            .put("cluster.routing.allocation.disk.threshold_enabled", false);
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("expected key=value, got " + arg);
            }
            String key = arg.substring(0, equals);
            String value = arg.substring(equals + 1);
            if (key.equals("discovery.seed_hosts") || key.equals("cluster.initial_cluster_manager_nodes")) {
                builder.putList(key, Arrays.asList(value.split(",")));
            } else {
                builder.put(key, value);
            }
        }
        Settings settings = builder.build();
        Path home = Path.of(settings.get("path.home", "."));
        Files.createDirectories(home.resolve("config"));
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings, java.util.Map.of(), home.resolve("config"), () -> settings.get("node.name", "cmhub-node"));
        List<Class<? extends Plugin>> plugins = List.of(Netty4Plugin.class, CommonAnalysisPlugin.class);
        Node node = new ClasspathNode(environment, plugins);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception error) {
                error.printStackTrace();
            }
            stopped.countDown();
        }));
        node.start();
        stopped.await();
    }
}
