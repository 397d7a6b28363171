package dev.slipway.image;

/** Who moves a tag: the server (commit-, branch-, env- and release tags; clients are refused) or whoever pushes it. */
public enum TagOwner { SERVER, USER }
