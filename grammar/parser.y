/* parser.y — the grammar of pvs (bison, pure, with locations, %expect 0).
 *
 * Thin by design: every action is one constructor call from ast.h (or passes a value up).
 * Which fields a declaration accepts, what a name means and every type and unit rule live
 * in the checker, so a new declaration field never touches this file. Tokens come through
 * the filter in parse.c, which turns raw newlines into statement separators (Go-style).
 * Syntax errors are worded by parse_syntax_error() in parse.c. */
%define api.pure full
%define api.location.type {Loc}
%define parse.error custom
%define parse.lac full
%define lr.type ielr
%define lr.default-reduction accepting
%locations
%expect 0
%param {ParseCtx *P}

%code requires {
#include "ast.h"
typedef struct ParseCtx ParseCtx;
}
%code provides {
int yylex(YYSTYPE *lval, Loc *lloc, ParseCtx *P);
int yyparse(ParseCtx *P);
}
%code {
#include "parse.h"
#define B parse_builder(P)
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                             \
  do {                                                                         \
    if (N) {                                                                   \
      (Cur).file = YYRHSLOC(Rhs, 1).file;                                      \
      (Cur).start = YYRHSLOC(Rhs, 1).start;                                    \
      (Cur).end = YYRHSLOC(Rhs, N).end;                                        \
    } else {                                                                   \
      (Cur).file = YYRHSLOC(Rhs, 0).file;                                      \
      (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;                          \
    }                                                                          \
  } while (0)
static void yyerror(Loc *loc, ParseCtx *P, const char *msg) { parse_error(P, *loc, msg); }
}

%union {
  const char *str;
  int kind;
  Expr *expr;
  ExprList *exprs;
  ArmList *arms;
  MatchArm *arm;
  NamePath *path;
  UnitExpr *unit;
  ValueList *values;
  FieldValue *value;
  Item *item;
  ItemList *items;
  ColType *col;
  Decl *decl;
  NameDefList *namedefs;
}

%token END 0            "end of file"
%token NEWLINE          "end of line"
%token <str> NAME       "name"
%token <str> NUMBER     "number"
%token <str> STRING     "text in quotes"
%token <str> DATE       "date"
%token <str> EURO       "'€'"
%token <str> PERCENT    "'%'"
%token LE "'<='" GE "'>='" NE "'!='"
%token <str> K_FRAMEWORK    "'référentiel'"
%token <str> K_VERSION      "'version'"
%token <str> K_IMPORT       "'importe'"
%token <str> K_AS           "'comme'"
%token <str> K_UNIT         "'unité'"
%token <str> K_STAKEHOLDER  "'partie_prenante'"
%token <str> K_CHAIN        "'chaîne'"
%token <str> K_TERRITORY    "'territoire'"
%token <str> K_CURRENCY     "'devise'"
%token <str> K_TABLE        "'table'"
%token <str> K_PARAM        "'paramètre'"
%token <str> K_INDICATOR    "'indicateur'"
%token <str> K_VALUATION    "'valorisation'"
%token <str> K_COST         "'coût'"
%token <str> K_CHECK        "'contrôle'"
%token <str> K_TREE         "'arbre'"
%token <str> K_STATEMENT    "'bilan'"
%token <str> K_FRAME        "'base_sondage'"
%token <str> K_PANEL        "'panel'"
%token <str> K_SCENARIO     "'scénario'"
%token <str> K_OVERRIDE     "'surcharge'"
%token <str> K_INDEX        "'indice'"
%token <str> K_IF           "'si'"
%token <str> K_THEN         "'alors'"
%token <str> K_ELSE         "'sinon'"
%token <str> K_AND          "'et'"
%token <str> K_OR           "'ou'"
%token <str> K_NOT          "'non'"
%token <str> K_WHERE        "'où'"
%token <str> K_IN           "'dans'"
%token <str> K_MATCH        "'selon'"
%token <str> K_OTHER        "'autre'"
%token <str> K_SINCE        "'depuis'"
%token <str> K_KEY          "'clé'"
%token <str> K_OPTIONAL     "'optionnel'"
%token <str> K_FRACTION     "'fraction'"
%token <str> K_VINTAGE      "'millésime'"
%token <str> K_REF          "'réf'"
%token <str> K_TRUE         "'vrai'"
%token <str> K_FALSE        "'faux'"
%token <str> K_TEXT         "'texte'"
%token <str> K_INTEGER      "'entier'"
%token <str> K_DECIMAL      "'décimal'"
%token <str> K_BOOLEAN      "'booléen'"
%token <str> K_DATE         "'date'"
%type <decl> decl head
%type <kind> kind ctype
%type <str> opt_label fname fwname cname
%type <unit> opt_unit unit opt_cunit
%type <namedefs> namedefs
%type <items> block items
%type <item> item
%type <path> path qname
%type <values> values
%type <value> value
%type <col> coltype
%type <expr> expr primary numlit arg
%type <exprs> exprlist args
%type <arms> arms
%type <arm> arm
%type <str> uatom

%precedence K_ELSE
%left K_OR
%left K_AND
%precedence K_NOT
%nonassoc '=' NE '<' LE '>' GE K_IN
%left '+' '-'
%left '*' '/'
%precedence UMINUS
%right '^'

%%
/* program -> seps? (decl (seps decl)*)? seps? */
program: opt_seps
       | opt_seps decls opt_seps
       ;
decls: decl                       { ast_program_add(B, $1); }
     | decls seps decl            { ast_program_add(B, $3); }
     ;
seps: sep | seps sep ;
sep: NEWLINE | ';' ;
opt_seps: %empty | seps ;

/* decl -> référentiel NAME ["label"] [version STRING] [devise CODE] | importe a.b [comme x] | unité a, b … | KIND … */
decl: K_FRAMEWORK fwname opt_label                { $$ = ast_framework(B, $2, @2, $3, @3, NULL, @2, NULL, @2, @$); }
    | K_FRAMEWORK fwname opt_label K_VERSION STRING { $$ = ast_framework(B, $2, @2, $3, @3, $5, @5, NULL, @2, @$); }
    | K_FRAMEWORK fwname opt_label K_CURRENCY cname { $$ = ast_framework(B, $2, @2, $3, @3, NULL, @2, $5, @5, @$); }
    | K_FRAMEWORK fwname opt_label K_VERSION STRING K_CURRENCY cname
                                                  { $$ = ast_framework(B, $2, @2, $3, @3, $5, @5, $7, @7, @$); }
    | K_IMPORT path                               { $$ = ast_import(B, $2, NULL, @2, @$); }
    | K_IMPORT path K_AS NAME                     { $$ = ast_import(B, $2, $4, @4, @$); }
    | K_UNIT namedefs                             { $$ = ast_namelist(B, D_UNIT, $2, @$); }
    | K_STAKEHOLDER namedefs                      { $$ = ast_namelist(B, D_STAKEHOLDER, $2, @$); }
    | K_CHAIN namedefs                            { $$ = ast_namelist(B, D_CHAIN, $2, @$); }
    | K_TERRITORY namedefs                        { $$ = ast_namelist(B, D_TERRITORY, $2, @$); }
    | K_CURRENCY namedefs                         { $$ = ast_namelist(B, D_CURRENCY, $2, @$); }
    | head '=' expr                               { $$ = ast_decl_formula(B, $1, $3, @$); }
    | head block                                  { $$ = ast_decl_block(B, $1, $2, @$); }
    | error                                       { $$ = NULL; yyerrok; }
    ;
fwname: STRING | NAME ;
cname: NAME | EURO ;
/* head -> KIND NAME "label"? (: unit)? */
head: kind NAME opt_label opt_unit                { $$ = ast_decl(B, $1, @1, $2, @2, $3, @3, $4); }
    ;
kind: K_TABLE { $$ = D_TABLE; } | K_PARAM { $$ = D_PARAM; } | K_INDICATOR { $$ = D_INDICATOR; }
    | K_VALUATION { $$ = D_VALUATION; } | K_COST { $$ = D_COST; } | K_CHECK { $$ = D_CHECK; }
    | K_TREE { $$ = D_TREE; } | K_STATEMENT { $$ = D_STATEMENT; } | K_SCENARIO { $$ = D_SCENARIO; }
    | K_OVERRIDE { $$ = D_OVERRIDE; }
    | K_FRAME { $$ = D_FRAME; } | K_PANEL { $$ = D_PANEL; } | K_INDEX { $$ = D_INDEX; }
    ;
opt_label: %empty { $$ = NULL; } | STRING ;
opt_unit: %empty { $$ = NULL; } | ':' unit { $$ = $2; } ;
namedefs: NAME opt_label                          { $$ = ast_namedefs(B, NULL, $1, @1, $2, @2); }
        | namedefs ',' NAME opt_label             { $$ = ast_namedefs(B, $1, $3, @3, $4, @4); }
        ;

/* unit -> atom (('*' | '/') atom | '^' '-'? NUMBER)* */
unit: uatom                                       { $$ = ast_unit(B, NULL, $1, 1, @1); }
    | unit '*' uatom                              { $$ = ast_unit(B, $1, $3, 1, @3); }
    | unit '/' uatom                              { $$ = ast_unit(B, $1, $3, -1, @3); }
    | unit '^' NUMBER                             { $$ = ast_unit_pow(B, $1, $3, false, @3); }
    | unit '^' '-' NUMBER                         { $$ = ast_unit_pow(B, $1, $4, true, @4); }
    ;
uatom: NAME | EURO | PERCENT ;

/* block -> '{' (item (seps item)*)? '}' */
block: '{' opt_seps '}'                           { $$ = NULL; }
     | '{' opt_seps items opt_seps '}'            { $$ = $3; }
     ;
items: item                                       { $$ = ast_items(B, NULL, $1); }
     | items seps item                            { $$ = ast_items(B, $1, $3); }
     ;
/* item -> name: values | name: column-type | "label": expr | "label" block | name */
item: path ':' values                             { $$ = ast_field(B, $1, $3, @$); }
    | path ':' coltype                            { $$ = ast_column(B, $1, $3, @$); }
    | STRING ':' expr                             { $$ = ast_leaf(B, $1, @1, $3, @$); }
    | STRING block                                { $$ = ast_node(B, $1, @1, $2, @$); }
    | path                                        { $$ = ast_leaf(B, NULL, @1, ast_name(B, $1, @1), @$); }
    | error                                       { $$ = NULL; yyerrok; }
    ;
path: fname                                       { $$ = ast_path(B, NULL, $1, @1); }
    | path '.' fname                              { $$ = ast_path(B, $1, $3, @3); }
    ;
/* field and column names may be words that are also keywords (chaîne:, date:, version:…) */
fname: NAME | K_CHAIN | K_UNIT | K_VERSION | K_TABLE | K_TERRITORY | K_CURRENCY | K_FRAMEWORK | K_PARAM
     | K_INDICATOR | K_VALUATION | K_COST | K_CHECK | K_TREE | K_STATEMENT | K_SCENARIO | K_OVERRIDE | K_FRAME | K_PANEL | K_INDEX
     | K_STAKEHOLDER | K_TEXT | K_INTEGER | K_DECIMAL | K_BOOLEAN | K_DATE | K_KEY
     | K_OPTIONAL | K_FRACTION | K_VINTAGE | K_REF | K_SINCE
     ;
values: value                                     { $$ = ast_values(B, NULL, $1); }
      | values ',' value                          { $$ = ast_values(B, $1, $3); }
      ;
/* value -> expr ('depuis' DATE | NUMBER-share)? */
value: expr                                       { $$ = ast_value(B, $1, NULL, NULL, @$); }
     | expr K_SINCE primary                       { $$ = ast_value(B, $1, $3, NULL, @$); }
     | expr numlit                                { $$ = ast_value(B, $1, NULL, $2, @$); }
     ;
/* coltype -> texte|entier|décimal|booléen|date unit? | territoire LEVEL | réf TABLE, then clé/optionnel/fraction,
 *            millésime YEAR|aucun */
coltype: ctype opt_cunit                          { $$ = ast_coltype(B, $1, $2, NULL, @1, @$); }
       | K_TERRITORY NAME                         { $$ = ast_coltype(B, COL_TERRITORY, NULL, $2, @2, @$); }
       | K_REF qname                              { $$ = ast_coltype_ref(B, $2, @2, @$); }
       | coltype K_KEY                            { $$ = ast_colmod(B, $1, KW_K_KEY, @2); }
       | coltype K_OPTIONAL                       { $$ = ast_colmod(B, $1, KW_K_OPTIONAL, @2); }
       | coltype K_FRACTION                       { $$ = ast_colmod(B, $1, KW_K_FRACTION, @2); }
       | coltype K_VINTAGE NUMBER                 { $$ = ast_colvintage(B, $1, $3, @3); }
       | coltype K_VINTAGE NAME                   { $$ = ast_colvintage(B, $1, $3, @3); }
       ;
ctype: K_TEXT { $$ = COL_TEXT; } | K_INTEGER { $$ = COL_INTEGER; } | K_DECIMAL { $$ = COL_DECIMAL; }
     | K_BOOLEAN { $$ = COL_BOOLEAN; } | K_DATE { $$ = COL_DATE; }
     ;
opt_cunit: %empty { $$ = NULL; } | unit ;

/* expressions, loosest first: si, ou, et, non, comparisons and dans, + -, * /, unary -, ^ */
expr: K_IF expr K_THEN expr K_ELSE expr           { $$ = ast_if(B, $2, $4, $6, @$); }
    | expr K_OR expr                              { $$ = ast_binary(B, OP_OR, $1, $3, @$); }
    | expr K_AND expr                             { $$ = ast_binary(B, OP_AND, $1, $3, @$); }
    | K_NOT expr                                  { $$ = ast_unary(B, OP_NOT, $2, @$); }
    | expr '=' expr                               { $$ = ast_binary(B, OP_EQ, $1, $3, @$); }
    | expr NE expr                                { $$ = ast_binary(B, OP_NE, $1, $3, @$); }
    | expr '<' expr                               { $$ = ast_binary(B, OP_LT, $1, $3, @$); }
    | expr LE expr                                { $$ = ast_binary(B, OP_LE, $1, $3, @$); }
    | expr '>' expr                               { $$ = ast_binary(B, OP_GT, $1, $3, @$); }
    | expr GE expr                                { $$ = ast_binary(B, OP_GE, $1, $3, @$); }
    | expr K_IN '(' exprlist ')'                  { $$ = ast_in(B, $1, $4, @$); }
    | expr '+' expr                               { $$ = ast_binary(B, OP_ADD, $1, $3, @$); }
    | expr '-' expr                               { $$ = ast_binary(B, OP_SUB, $1, $3, @$); }
    | expr '*' expr                               { $$ = ast_binary(B, OP_MUL, $1, $3, @$); }
    | expr '/' expr                               { $$ = ast_binary(B, OP_DIV, $1, $3, @$); }
    | expr '^' expr                               { $$ = ast_binary(B, OP_POW, $1, $3, @$); }
    | '-' expr %prec UMINUS                       { $$ = ast_unary(B, OP_NEG, $2, @$); }
    | primary
    ;
primary: numlit
       | STRING                                   { $$ = ast_str(B, $1, @$); }
       | DATE                                     { $$ = ast_date(B, $1, @$); }
       | K_TRUE                                   { $$ = ast_bool(B, true, @$); }
       | K_FALSE                                  { $$ = ast_bool(B, false, @$); }
       | qname                                    { $$ = ast_name(B, $1, @$); }
       | NAME '(' ')'                             { $$ = ast_call(B, $1, @1, NULL, @$); }
       | NAME '(' args ')'                        { $$ = ast_call(B, $1, @1, $3, @$); }
       | '(' expr ')'                             { $$ = ast_paren(B, $2, @$); }
       | K_MATCH expr '{' opt_seps arms opt_trail '}'  { $$ = ast_match(B, $2, $5, @$); }
       ;
/* numlit -> NUMBER (unit-atom | '[' unit ']')? */
numlit: NUMBER                                    { $$ = ast_num(B, $1, NULL, false, @$); }
      | NUMBER uatom                              { $$ = ast_num(B, $1, ast_unit(B, NULL, $2, 1, @2), false, @$); }
      | NUMBER '[' unit ']'                       { $$ = ast_num(B, $1, $3, true, @$); }
      ;
qname: NAME                                       { $$ = ast_path(B, NULL, $1, @1); }
     | qname '.' fname                            { $$ = ast_path(B, $1, $3, @3); }
     ;
args: arg                                         { $$ = ast_exprs(B, NULL, $1); }
    | args ',' arg                                { $$ = ast_exprs(B, $1, $3); }
    ;
/* arg -> expr | TABLE 'où' condition */
arg: expr
   | expr K_WHERE expr                            { $$ = ast_where(B, $1, $3, @$); }
   ;
exprlist: expr                                    { $$ = ast_exprs(B, NULL, $1); }
        | exprlist ',' expr                       { $$ = ast_exprs(B, $1, $3); }
        ;
/* arms -> arm ((',' | seps) arm)*;  arm -> key, key…: expr | autre: expr */
arms: arm                                         { $$ = ast_arms(B, NULL, $1); }
    | arms arm_sep arm                            { $$ = ast_arms(B, $1, $3); }
    ;
arm: exprlist ':' expr                            { $$ = ast_arm(B, $1, $3, @$); }
   | K_OTHER ':' expr                             { $$ = ast_arm(B, NULL, $3, @$); }
   ;
arm_sep: ',' | seps ;
opt_trail: %empty | ',' | seps ;
%%

static int yyreport_syntax_error(const yypcontext_t *ctx, ParseCtx *P) {
  yysymbol_kind_t exp[24];
  const char *names[24];
  int n = yypcontext_expected_tokens(ctx, exp, 24);
  for (int i = 0; i < n; i++) names[i] = yysymbol_name(exp[i]);
  yysymbol_kind_t tok = yypcontext_token(ctx);
  parse_syntax_error(P, *yypcontext_location(ctx), yysymbol_name(tok), tok == YYSYMBOL_YYEOF, names, n < 0 ? 0 : n);
  return 0;
}
