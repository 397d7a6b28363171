package demo;
public class Greeting { public static String of(String n) { return "hello " + n; } }
