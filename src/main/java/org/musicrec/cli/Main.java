package org.musicrec.cli;
public class Main { public static void main(String[] a){ System.out.println(org.nd4j.linalg.factory.Nd4j.create(new float[]{1,2}).sum()); } }
