package dev.parley.llm;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.parley.bench.OpenAiStubServer;

/** Marks the {@link OpenAiStubServer} field that {@link OpenAiStubResource} fills in. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectOpenAiStub {
}
