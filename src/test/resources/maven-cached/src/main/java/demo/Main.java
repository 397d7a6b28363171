package demo;
public class Main { public static void main(String[] a) { System.out.println(Shout.of(Greeting.of("cache"))); } }
