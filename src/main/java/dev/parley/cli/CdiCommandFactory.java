package dev.parley.cli;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import picocli.CommandLine;

/** Lets picocli create commands as CDI beans, so they can inject Parley's services. */
@ApplicationScoped
public class CdiCommandFactory implements CommandLine.IFactory {

    @Inject
    Instance<Object> beans;

    @Override
    public <K> K create(Class<K> type) throws Exception {
        Instance<K> bean = beans.select(type);
        return bean.isResolvable() ? bean.get() : CommandLine.defaultFactory().create(type);
    }
}
