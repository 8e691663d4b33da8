package dev.corio.sample.di;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.corio.sample.di.scan.ScanConfig;
import dev.corio.sample.di.scan.ScannedCounter;
import dev.corio.sample.hn.HnClient;
import dev.corio.sample.server.HnServer;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring: an {@code @Configuration} class, a registered class, and component scanning. Spring autowires a
 * class's only constructor without {@code @Inject}, so registering {@code Corio_CommentCounter} works as it
 * is; scanning finds the generated class by the {@code @Component} the processor carried to it.
 */
class SpringTest {
    @Configuration
    static class Config {
        @Bean
        CommentCounter counter(HnClient client) {
            return new Corio_CommentCounter(client);
        }
    }

    @Test
    void aBeanMethodHandsOutTheGeneratedClass() {
        try (HnServer server = HnServer.start(); HnClient client = new HnClient(server.baseUrl());
                var context = new AnnotationConfigApplicationContext()) {
            context.registerBean(HnClient.class, () -> client);
            context.register(Config.class);
            context.refresh();
            Counting.countsAsACoroutine("Spring @Bean", context.getBean(CommentCounter.class));
        }
    }

    @Test
    void theGeneratedClassRegisteredAsItIs() {
        try (HnServer server = HnServer.start(); HnClient client = new HnClient(server.baseUrl());
                var context = new AnnotationConfigApplicationContext()) {
            context.registerBean(HnClient.class, () -> client);
            context.register(Corio_CommentCounter.class); // its one constructor is autowired
            context.refresh();
            Counting.countsAsACoroutine("Spring register(Corio_CommentCounter.class)", context.getBean(CommentCounter.class));
        }
    }

    @Test
    void componentScanningFindsTheGeneratedClassByItsCarriedComponent() {
        try (HnServer server = HnServer.start(); HnClient client = new HnClient(server.baseUrl());
                var context = new AnnotationConfigApplicationContext()) {
            context.registerBean(HnClient.class, () -> client);
            context.register(ScanConfig.class);
            context.refresh();
            ScannedCounter counter = context.getBean(ScannedCounter.class); // exactly one: the generated class
            assertEquals("Corio_ScannedCounter", counter.getClass().getSimpleName());
            Counting.countsAsACoroutine("Spring @ComponentScan", counter, counter::comments);
        }
    }
}
