package net.sonic.portsyncd.support.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSpecTest {

    @interface Small {
        int count() default 5;

        String name() default "x";
    }

    @Test
    void keysAreTheMethodNamesMappedAsForComponentPropertyTypes() {
        assertThat(ConfigSpec.keyOf("queue_capacity")).isEqualTo("queue.capacity");
        assertThat(ConfigSpec.keyOf("socket_path")).isEqualTo("socket.path");
        assertThat(ConfigSpec.keyOf("max__rows")).isEqualTo("max_rows");
        assertThat(ConfigSpec.keyOf("a$_$b")).isEqualTo("a-b");
        assertThat(ConfigSpec.keyOf("a$$b")).isEqualTo("a$b");
        assertThat(ConfigSpec.keyOf("a$b")).isEqualTo("ab");
    }

    @Test
    void theConfigurationAnswersLikeAnAnnotationInstance() {
        ConfigSpec<Small> spec = ConfigSpec.of("p", Small.class).key("count", Ranges.integers(1, 10))
                .key("name", Ranges.text("any", name -> true)).build();

        Small small = spec.validate(Map.of("count", "7"), Map.of(), new LastGoodValues()).config();

        assertThat(small.count()).isEqualTo(7);
        assertThat(small.name()).isEqualTo("x");
        assertThat(small.annotationType()).isEqualTo(Small.class);
        assertThat(small.toString()).contains("count=7", "name=x");
        assertThat(small).isEqualTo(small).isNotEqualTo(spec.validate(Map.of(), Map.of(), new LastGoodValues())
                .config());
    }

    @Test
    void aSpecThatDoesNotMatchItsAnnotationIsRefused() {
        assertThatThrownBy(() -> ConfigSpec.of("p", Small.class).key("count", Ranges.integers(1, 10)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> ConfigSpec.of("p", Small.class).key("count", Ranges.integers(1, 10))
                .key("name", Ranges.absolutePath()).key("other", Ranges.flag()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("other");
        assertThatThrownBy(() -> ConfigSpec.of("p", Small.class).key("count", Ranges.integers(6, 10))
                .key("name", Ranges.text("any", name -> true)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("default 5");
        assertThatThrownBy(() -> ConfigSpec.of("p", Small.class).key("count", Ranges.integers(1, 1L << 40))
                .key("name", Ranges.text("any", name -> true)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not suit int");
        assertThatThrownBy(() -> ConfigSpec.of("p", Small.class).key("count", Ranges.flag())
                .key("name", Ranges.text("any", name -> true)).build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ConfigSpec.of("p", Small.class).key("count", Ranges.integers(1, 10))
                .key("count", Ranges.integers(1, 10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ranges.integers(2, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
