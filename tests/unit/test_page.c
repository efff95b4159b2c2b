/* test_page.c — the document model's renderers on what goldens do not reach: Markdown
 * escaping (only what would be read as markup), lists, properties and code blocks in text
 * and Markdown, HTML escaping, figures and sections (HTML only), and a header-only table. */
#include "page.h"
#include <check.h>
#include <stdlib.h>
#include <string.h>

static char *buf;
static size_t len;

static const char *render(const Page *p, PageFormat fmt) {
  free(buf);
  buf = NULL;
  FILE *f = open_memstream(&buf, &len);
  ck_assert_ptr_nonnull(f);
  ck_assert_int_eq(page_render(f, p, fmt), 0);
  fclose(f);
  return buf;
}

START_TEST(md_escaping) {
  Page p;
  page_init(&p, true, "test");
  page_para(&p, "nb_logements _x_ a*b [label] [x](y) <b> 1 < 2 `q` \\ #1");
  page_para(&p, "# not a heading");
  ck_assert_str_eq(render(&p, PAGE_MD),
                   "nb_logements \\_x\\_ a\\*b [label] \\[x](y) \\<b> 1 < 2 \\`q\\` \\\\ #1\n"
                   "\n"
                   "\\# not a heading\n");
  page_free(&p);
}
END_TEST

static void sample(Page *p) {
  page_init(p, false, "test");
  page_heading(p, 1, "top", "Title");
  page_list_begin(p);
  page_item_begin(p); page_text(p, "one"); page_item_end(p);
  page_item_begin(p); page_text(p, "two");
  page_list_begin(p); page_item_begin(p); page_code(p, "x_y"); page_item_end(p); page_list_end(p);
  page_item_end(p);
  page_list_end(p);
  page_props_begin(p);
  page_prop_begin(p, "Unit"); page_link(p, "u", "m2", true); page_prop_end(p);
  page_props_end(p);
  page_code_block(p, "a = 1\nb = 2");
  page_figure(p, "<svg></svg>", "a chart");
  page_section_begin(p, "synthese");
  bool right[] = {false, true};
  const char *heads[] = {"name", "value"};
  page_table_begin(p, 2, heads, right);
  page_table_end(p);
  page_section_end(p);
}

START_TEST(text_blocks) {
  Page p;
  sample(&p);
  ck_assert_str_eq(render(&p, PAGE_TEXT),
                   "Title\n=====\n\n- one\n- two\n  - x_y\n- Unit: m2\n    a = 1\n    b = 2\n"
                   "  name  value\n  ----  -----\n");
  page_free(&p);
}
END_TEST

START_TEST(md_blocks) {
  Page p;
  sample(&p);
  ck_assert_str_eq(render(&p, PAGE_MD),
                   "# <a id=\"top\"></a>Title\n\n- one\n- two\n  - `x_y`\n\n- **Unit** : [`m2`](#u)\n\n"
                   "```pvs\na = 1\nb = 2\n```\n\n| name | value |\n| ---- | ----: |\n");
  page_free(&p);
}
END_TEST

START_TEST(html_escaping) {
  Page p;
  page_init(&p, true, "pvs eval");
  page_heading(&p, 1, NULL, "A & <B> \"c\"");
  page_figure(&p, "<svg><text>x</text></svg>", "alt <i>");
  page_section_begin(&p, "cover");
  page_para(&p, "5 < 6");
  page_section_end(&p);
  const char *h = render(&p, PAGE_HTML);
  ck_assert_ptr_nonnull(strstr(h, "<html lang=\"fr\">"));
  ck_assert_ptr_nonnull(strstr(h, "<title>A &amp; &lt;B&gt; &quot;c&quot;</title>"));
  ck_assert_ptr_nonnull(strstr(h, "<h1>A &amp; &lt;B&gt; &quot;c&quot;</h1>"));
  ck_assert_ptr_nonnull(strstr(h, "<figure>\n<figcaption>alt &lt;i&gt;</figcaption>\n<svg><text>x</text></svg>\n</figure>"));
  ck_assert_ptr_nonnull(strstr(h, "<section class=\"cover\">\n<p>5 &lt; 6</p>\n</section>"));
  ck_assert_ptr_nonnull(strstr(h, "<main class=\"report\">"));
  page_free(&p);
}
END_TEST

int main(void) {
  Suite *s = suite_create("page");
  TCase *tc = tcase_create("render");
  tcase_add_test(tc, md_escaping);
  tcase_add_test(tc, text_blocks);
  tcase_add_test(tc, md_blocks);
  tcase_add_test(tc, html_escaping);
  suite_add_tcase(s, tc);
  SRunner *r = srunner_create(s);
  srunner_run_all(r, CK_NORMAL);
  int failed = srunner_ntests_failed(r);
  srunner_free(r);
  free(buf);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
