package net.sonic.portsyncd.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import javax.inject.Inject;
import net.sonic.portsyncd.api.Jmx;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** An NMS reads our MBeans over HTTP/JSON through Karaf's jolokia feature, with the container's JAAS users. */
@RunWith(ContainerRunner.class)
@ExamReactorStrategy(PerClass.class)
public class JolokiaTest {

    @Inject
    private FeaturesService features;

    @Configuration
    public Option[] config() {
        return ContainerFixture.options();
    }

    @Test
    public void metricsAreReadableOverJolokiaWithCredentialsOnly() throws Exception {
        features.installFeature("portsyncd-jolokia", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        String url = "http://127.0.0.1:" + InContainer.httpPort() + "/jolokia/read/"
                + Jmx.METRICS + "/NetlinkReceivedCount";
        int[] status = {0};
        InContainer.until(60_000, () -> {
            status[0] = get(url, TestUsers.ADMIN[0], TestUsers.ADMIN[1]).status;
            return status[0] == 200;
        }, () -> "jolokia answered " + status[0]);

        Response viewer = get(url, TestUsers.VIEWER[0], TestUsers.VIEWER[1]);
        assertEquals(viewer.body, 200, viewer.status);
        assertTrue(viewer.body, viewer.body.contains("\"value\":") && viewer.body.contains("\"status\":200"));

        Response ports = get("http://127.0.0.1:" + InContainer.httpPort() + "/jolokia/read/"
                + Jmx.PORTS + "/Status", TestUsers.VIEWER[0], TestUsers.VIEWER[1]);
        assertTrue(ports.body, ports.body.contains("portConfigDone"));

        assertEquals(401, get(url, null, null).status);
        assertEquals(401, get(url, TestUsers.VIEWER[0], "wrong").status);
    }

    private static Response get(String url, String user, String password) {
        try {
            HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(10_000);
            if (user != null) {
                String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
                connection.setRequestProperty("Authorization", "Basic " + token);
            }
            int code = connection.getResponseCode();
            java.io.InputStream stream = code < 400 ? connection.getInputStream() : connection.getErrorStream();
            byte[] body = stream == null ? new byte[0] : stream.readAllBytes();
            return new Response(code, new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Response(-1, e.toString());
        }
    }

    private static final class Response {
        final int status;
        final String body;

        Response(int status, String body) {
            this.status = status;
            this.body = body;
        }
    }
}
