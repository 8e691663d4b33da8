package dev.corio.sample.di.scan;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * Component scanning with Corio, with no filter: the generated {@code Corio_} classes carry their
 * {@code @Async} class's {@code @Component} (docs/processor.md, "Annotations carried to the generated
 * class"). The {@code @Async} classes are abstract, which scanning skips, so each service has one bean.
 */
@Configuration
@ComponentScan
public class ScanConfig {
}
