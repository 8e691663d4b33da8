package dev.corio.sample.di.scan;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;

/**
 * Component scanning with Corio: the generated {@code Corio_} classes carry no {@code @Component}, so an
 * include filter picks them (top-level only: {@code \w} stops at the {@code $} of their nested state
 * machines). The {@code @Async} classes are abstract, which scanning skips, so each service has one bean.
 */
@Configuration
@ComponentScan(includeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = ".*\\.Corio_\\w+"))
public class ScanConfig {
}
