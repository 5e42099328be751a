/** stylelint for static/css: the standard config, BEM class names. `make lint` and CI run it. */
export default {
  extends: ["stylelint-config-standard"],
  rules: {
    "selector-class-pattern": [
      "^[a-z][a-z0-9]*(-[a-z0-9]+)*(__[a-z0-9]+(-[a-z0-9]+)*)?(--[a-z0-9]+(-[a-z0-9]+)*)?$",
      { message: "Use BEM class names: block, block__element, block--modifier, each part kebab-case" },
    ],
    // Components are single BEM classes in their own sections; this rule compares unrelated
    // selectors across sections (".site-footer a" against ".site-nav__list a:hover") and only
    // pushes rules out of the component they belong to.
    "no-descending-specificity": null,
  },
};
