//! Bank statements in ISO 20022 camt.053 (BankToCustomerStatement), versions 001.02 to
//! 001.13: each statement's account, opening and closing balances and its entries, with the
//! transaction details a transfer's match needs (counterparty, IBAN, remittance text, the
//! structured creditor reference, the bank's references). The whole file is read and checked
//! before anything is returned; a problem names the element and its line.

use chrono::NaiveDate;
use commonpot_core::{Decimal, Key, Text};
use roxmltree::{Document, Node};

const NAMESPACE: &str = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.";
/// The versions read: 001.02 up to this.
const NEWEST_VERSION: u32 = 13;

/// What is wrong with a statement file, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, <{element}>: {text}")]
pub struct CamtError {
    pub line: u32,
    pub element: String,
    pub text: Text,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Balance {
    /// Signed: a debit balance is negative.
    pub amount: Decimal,
    pub date: NaiveDate,
}

/// One transaction of an entry (a batch entry has several).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Transaction {
    /// The transaction's own amount when the entry is a batch; `None` when it is the entry's.
    pub amount: Option<Decimal>,
    /// The other party: the debtor of a credit, the creditor of a debit.
    pub counterparty: Option<String>,
    pub counterparty_iban: Option<String>,
    /// The unstructured remittance lines, joined with spaces.
    pub remittance: String,
    /// The creditor reference of structured remittance information, as the bank gave it.
    pub structured_reference: Option<String>,
    pub end_to_end_id: Option<String>,
    /// The bank's reference of this transaction.
    pub bank_reference: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The bank's reference of the entry (AcctSvcrRef, else NtryRef).
    pub reference: Option<String>,
    /// Positive.
    pub amount: Decimal,
    pub currency: String,
    pub credit: bool,
    /// The entry reverses an earlier one (RvslInd).
    pub reversal: bool,
    pub booking_date: NaiveDate,
    pub transactions: Vec<Transaction>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub id: String,
    /// 2 for camt.053.001.02, …
    pub version: u32,
    pub iban: Option<String>,
    pub currency: Option<String>,
    pub opening: Option<Balance>,
    pub closing: Option<Balance>,
    pub entries: Vec<Entry>,
    pub line: u32,
}

impl Statement {
    /// Opening balance + credits − debits = closing balance, when both balances are given.
    pub fn reconcile(&self) -> Result<(), CamtError> {
        let (Some(opening), Some(closing)) = (&self.opening, &self.closing) else {
            return Err(CamtError {
                line: self.line,
                element: "Stmt".into(),
                text: Text::new(Key::BankNoBalance).arg("statement", &self.id),
            });
        };
        let moved: Decimal = self
            .entries
            .iter()
            .map(|e| if e.credit { e.amount } else { -e.amount })
            .sum();
        let expected = opening.amount + moved;
        if expected != closing.amount {
            return Err(CamtError {
                line: self.line,
                element: "Stmt".into(),
                text: Text::new(Key::BankUnbalanced)
                    .arg("statement", &self.id)
                    .arg("opening", opening.amount)
                    .arg("entries", moved)
                    .arg("sum", expected)
                    .arg("closing", closing.amount),
            });
        }
        Ok(())
    }
}

fn error(doc: &Document<'_>, node: Node<'_, '_>, text: Text) -> CamtError {
    CamtError {
        line: doc.text_pos_at(node.range().start).row,
        element: node.tag_name().name().to_string(),
        text,
    }
}

/// The first child element called `name`.
fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

fn children<'a, 'i>(node: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// The element at `path` below `node`, if every step is there.
fn at<'a, 'i>(node: Node<'a, 'i>, path: &[&str]) -> Option<Node<'a, 'i>> {
    path.iter().try_fold(node, |n, step| child(n, step))
}

fn text_at(node: Node<'_, '_>, path: &[&str]) -> Option<String> {
    at(node, path)
        .and_then(|n| n.text())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

fn required<'a, 'i>(
    doc: &Document<'_>,
    node: Node<'a, 'i>,
    path: &[&str],
) -> Result<Node<'a, 'i>, CamtError> {
    at(node, path).ok_or_else(|| {
        error(
            doc,
            node,
            Text::new(Key::BankMissing).arg("element", path.join("/")),
        )
    })
}

/// An amount as ISO 20022 writes it: digits with a point, at most five decimals.
fn amount(doc: &Document<'_>, node: Node<'_, '_>) -> Result<Decimal, CamtError> {
    let text = node.text().unwrap_or("").trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > 5 {
        return Err(error(
            doc,
            node,
            Text::new(Key::BankCamtAmount).arg("text", text),
        ));
    }
    if whole.trim_start_matches('0').len() > crate::WHOLE_DIGITS_MAX {
        return Err(error(
            doc,
            node,
            Text::new(Key::BankAmountDigits)
                .arg("text", text)
                .arg("digits", crate::WHOLE_DIGITS_MAX),
        ));
    }
    text.parse()
        .map_err(|_| error(doc, node, Text::new(Key::BankAmountRange).arg("text", text)))
}

fn credit(doc: &Document<'_>, node: Node<'_, '_>) -> Result<bool, CamtError> {
    let indicator = required(doc, node, &["CdtDbtInd"])?;
    match indicator.text().map(str::trim) {
        Some("CRDT") => Ok(true),
        Some("DBIT") => Ok(false),
        other => Err(error(
            doc,
            indicator,
            Text::new(Key::BankCreditDebit).arg("text", other.unwrap_or("")),
        )),
    }
}

/// A date from `<Dt>` or the date part of `<DtTm>`.
fn date(doc: &Document<'_>, node: Node<'_, '_>) -> Result<NaiveDate, CamtError> {
    let (n, text) = match (child(node, "Dt"), child(node, "DtTm")) {
        (Some(d), _) => (d, d.text().unwrap_or("").trim()),
        (None, Some(t)) => (t, t.text().unwrap_or("").trim().get(..10).unwrap_or("")),
        (None, None) => {
            return Err(error(
                doc,
                node,
                Text::new(Key::BankMissing).arg("element", "Dt or DtTm"),
            ));
        }
    };
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| error(doc, n, Text::new(Key::BankCamtDate).arg("text", text)))
}

/// Every statement of a camt.053 file, whole, or the first problem found.
pub fn parse_camt053(xml: &str) -> Result<Vec<Statement>, CamtError> {
    let doc = Document::parse(xml).map_err(|e| {
        let pos = e.pos();
        CamtError {
            line: pos.row,
            element: "?".into(),
            text: Text::new(Key::BankXml).arg("detail", e),
        }
    })?;
    let root = doc.root_element();
    let namespace = root.tag_name().namespace().unwrap_or("");
    let version = namespace
        .strip_prefix(NAMESPACE)
        .and_then(|v| v.parse::<u32>().ok())
        .filter(|v| (2..=NEWEST_VERSION).contains(v))
        .ok_or_else(|| {
            error(
                &doc,
                root,
                Text::new(Key::BankNamespace)
                    .arg("namespace", namespace)
                    .arg("newest", format!("{NEWEST_VERSION:02}")),
            )
        })?;
    let report = required(&doc, root, &["BkToCstmrStmt"])?;
    let mut statements = Vec::new();
    for stmt in children(report, "Stmt") {
        statements.push(statement(&doc, stmt, version)?);
    }
    if statements.is_empty() {
        return Err(error(&doc, report, Text::new(Key::BankNoStatement)));
    }
    Ok(statements)
}

fn statement(doc: &Document<'_>, stmt: Node<'_, '_>, version: u32) -> Result<Statement, CamtError> {
    let id = required(doc, stmt, &["Id"])?
        .text()
        .unwrap_or("")
        .trim()
        .to_string();
    let mut opening = None;
    let mut closing = None;
    for bal in children(stmt, "Bal") {
        let code = text_at(bal, &["Tp", "CdOrPrtry", "Cd"]).unwrap_or_default();
        let amt = required(doc, bal, &["Amt"])?;
        let mut value = amount(doc, amt)?;
        if !credit(doc, bal)? {
            value = -value;
        }
        let balance = Balance {
            amount: value,
            date: date(doc, required(doc, bal, &["Dt"])?)?,
        };
        match code.as_str() {
            "OPBD" | "PRCD" => opening = opening.or(Some(balance)),
            "CLBD" => closing = Some(balance),
            _ => {}
        }
    }
    let mut entries = Vec::new();
    for ntry in children(stmt, "Ntry") {
        entries.push(entry(doc, ntry)?);
    }
    Ok(Statement {
        id,
        version,
        iban: text_at(stmt, &["Acct", "Id", "IBAN"]),
        currency: text_at(stmt, &["Acct", "Ccy"]),
        opening,
        closing,
        entries,
        // Counting lines walks the text from its start: once per statement, never per entry.
        line: doc.text_pos_at(stmt.range().start).row,
    })
}

fn entry(doc: &Document<'_>, ntry: Node<'_, '_>) -> Result<Entry, CamtError> {
    let amt = required(doc, ntry, &["Amt"])?;
    let is_credit = credit(doc, ntry)?;
    let mut transactions = Vec::new();
    for details in children(ntry, "NtryDtls") {
        for tx in children(details, "TxDtls") {
            transactions.push(transaction(doc, tx, is_credit)?);
        }
    }
    Ok(Entry {
        reference: text_at(ntry, &["AcctSvcrRef"]).or_else(|| text_at(ntry, &["NtryRef"])),
        amount: amount(doc, amt)?,
        currency: amt.attribute("Ccy").unwrap_or("").to_string(),
        credit: is_credit,
        reversal: text_at(ntry, &["RvslInd"]).is_some_and(|t| t == "true" || t == "1"),
        booking_date: date(doc, required(doc, ntry, &["BookgDt"])?)?,
        transactions,
    })
}

fn transaction(
    doc: &Document<'_>,
    tx: Node<'_, '_>,
    credit: bool,
) -> Result<Transaction, CamtError> {
    // The other party: who paid a credit, who was paid by a debit. Version 8 on wraps the
    // party in <Pty>.
    let (party, account) = if credit {
        ("Dbtr", "DbtrAcct")
    } else {
        ("Cdtr", "CdtrAcct")
    };
    let parties = child(tx, "RltdPties");
    let name = parties
        .and_then(|p| text_at(p, &[party, "Nm"]).or_else(|| text_at(p, &[party, "Pty", "Nm"])));
    let iban = parties.and_then(|p| text_at(p, &[account, "Id", "IBAN"]));
    let amount = match at(tx, &["Amt"]).or_else(|| at(tx, &["AmtDtls", "TxAmt", "Amt"])) {
        Some(a) => Some(self::amount(doc, a)?),
        None => None,
    };
    let remittance = child(tx, "RmtInf");
    let unstructured = remittance
        .map(|r| {
            children(r, "Ustrd")
                .filter_map(|u| u.text())
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    let structured = remittance
        .and_then(|r| children(r, "Strd").find_map(|s| text_at(s, &["CdtrRefInf", "Ref"])));
    Ok(Transaction {
        amount,
        counterparty: name,
        counterparty_iban: iban,
        remittance: unstructured,
        structured_reference: structured,
        end_to_end_id: text_at(tx, &["Refs", "EndToEndId"]).filter(|r| r != "NOTPROVIDED"),
        bank_reference: text_at(tx, &["Refs", "AcctSvcrRef"]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A statement as a German savings bank writes it (camt.053.001.02): two credits, one of
    /// them a batch of two transfers, a debit with charges, a reversed credit.
    fn statement_02() -> String {
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2026-11-02T06:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>2026-11-01-0001</Id>
      <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>PRCD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-10-31</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">107.55</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-01</Dt></Dt></Bal>
      <Ntry>
        <NtryRef>1</NtryRef>
        <Amt Ccy="EUR">5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2026-11-01</Dt></BookgDt><ValDt><Dt>2026-11-01</Dt></ValDt>
        <AcctSvcrRef>2026110100001</AcctSvcrRef>
        <BkTxCd/>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
          <RltdPties><Dbtr><Nm>Zoë Müller</Nm></Dbtr><DbtrAcct><Id><IBAN>DE44500105175407324931</IBAN></Id></DbtrAcct></RltdPties>
          <RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>RF70TREES</Ref></CdtrRefInf></Strd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>
      <Ntry>
        <Amt Ccy="EUR">12.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2026-11-01</Dt></BookgDt>
        <AcctSvcrRef>2026110100002</AcctSvcrRef>
        <NtryDtls>
          <Btch><NbOfTxs>2</NbOfTxs></Btch>
          <TxDtls>
            <Refs><AcctSvcrRef>B1</AcctSvcrRef></Refs>
            <AmtDtls><TxAmt><Amt Ccy="EUR">10.00</Amt></TxAmt></AmtDtls>
            <RltdPties><Dbtr><Nm>Łukasz Wójcik</Nm></Dbtr></RltdPties>
            <RmtInf><Ustrd>Spende rf70 tre</Ustrd><Ustrd>es danke</Ustrd></RmtInf>
          </TxDtls>
          <TxDtls>
            <Refs><AcctSvcrRef>B2</AcctSvcrRef></Refs>
            <AmtDtls><TxAmt><Amt Ccy="EUR">2.50</Amt></TxAmt></AmtDtls>
            <RmtInf><Ustrd>Kaffee</Ustrd></RmtInf>
          </TxDtls>
        </NtryDtls>
      </Ntry>
      <Ntry>
        <Amt Ccy="EUR">9.95</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2026-11-01</Dt></BookgDt>
        <Chrgs><Amt Ccy="EUR">0.45</Amt></Chrgs>
        <NtryDtls><TxDtls>
          <RltdPties><Cdtr><Nm>Baumschule Grünwald</Nm></Cdtr><CdtrAcct><Id><IBAN>DE02120300000000202051</IBAN></Id></CdtrAcct></RltdPties>
        </TxDtls></NtryDtls>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>"#
            .to_string()
    }

    #[test]
    fn a_statement_reads_with_its_balances_entries_and_batch_transactions() {
        let statements = parse_camt053(&statement_02()).unwrap();
        assert_eq!(statements.len(), 1);
        let s = &statements[0];
        assert_eq!(
            (s.version, s.iban.as_deref()),
            (2, Some("DE89370400440532013000"))
        );
        assert_eq!(
            s.opening.as_ref().unwrap().amount,
            "100.00".parse().unwrap()
        );
        assert_eq!(s.entries.len(), 3);
        let first = &s.entries[0];
        assert_eq!(first.reference.as_deref(), Some("2026110100001"));
        assert!(first.credit && !first.reversal);
        let t = &first.transactions[0];
        assert_eq!(t.counterparty.as_deref(), Some("Zoë Müller"));
        assert_eq!(
            t.counterparty_iban.as_deref(),
            Some("DE44500105175407324931")
        );
        assert_eq!(t.structured_reference.as_deref(), Some("RF70TREES"));
        assert_eq!(t.end_to_end_id, None);
        let batch = &s.entries[1];
        assert_eq!(batch.transactions.len(), 2);
        assert_eq!(batch.transactions[0].remittance, "Spende rf70 tre es danke");
        assert_eq!(batch.transactions[1].amount, Some("2.50".parse().unwrap()));
        let debit = &s.entries[2];
        assert!(!debit.credit);
        assert_eq!(
            debit.transactions[0].counterparty.as_deref(),
            Some("Baumschule Grünwald")
        );
        s.reconcile().unwrap();
    }

    #[test]
    fn newer_versions_wrap_parties_and_are_read_too() {
        let xml = statement_02()
            .replace("camt.053.001.02", "camt.053.001.08")
            .replace(
                "<Dbtr><Nm>Zoë Müller</Nm></Dbtr>",
                "<Dbtr><Pty><Nm>Zoë Müller</Nm></Pty></Dbtr>",
            )
            .replacen(
                "<CdtDbtInd>CRDT</CdtDbtInd><Sts>",
                "<CdtDbtInd>CRDT</CdtDbtInd><RvslInd>true</RvslInd><Sts>",
                1,
            );
        let s = &parse_camt053(&xml).unwrap()[0];
        assert_eq!(s.version, 8);
        assert!(s.entries[0].reversal && !s.entries[1].reversal);
        assert_eq!(
            s.entries[0].transactions[0].counterparty.as_deref(),
            Some("Zoë Müller")
        );
    }

    #[test]
    fn a_balance_that_does_not_add_up_is_named() {
        let xml = statement_02().replace(">107.55<", ">107.56<");
        let s = &parse_camt053(&xml).unwrap()[0];
        let e = s.reconcile().unwrap_err();
        assert!(
            e.text
                .to_string()
                .contains("= 107.55, but the closing balance is 107.56"),
            "{e}"
        );
        let no_balances = statement_02().replace("<Cd>CLBD</Cd>", "<Cd>ITBD</Cd>");
        let e = parse_camt053(&no_balances).unwrap()[0]
            .reconcile()
            .unwrap_err();
        assert!(
            e.text
                .to_string()
                .contains("no opening (OPBD) or closing (CLBD) balance"),
            "{e}"
        );
    }

    #[test]
    fn malformed_files_are_refused_naming_line_and_element() {
        let comma =
            statement_02().replace(">12.50</Amt><CdtDbtInd>CRDT", ">12,50</Amt><CdtDbtInd>CRDT");
        let e = parse_camt053(&comma).unwrap_err();
        assert_eq!((e.line, e.element.as_str()), (23, "Amt"), "{e}");
        assert!(
            e.text.to_string().contains("\"12,50\" is not an amount"),
            "{e}"
        );

        let namespace = statement_02().replace("camt.053.001.02", "camt.052.001.02");
        let e = parse_camt053(&namespace).unwrap_err();
        assert_eq!((e.line, e.element.as_str()), (2, "Document"), "{e}");

        let broken = statement_02().replace("</Stmt>", "</Stm>");
        let e = parse_camt053(&broken).unwrap_err();
        assert!(e.text.to_string().starts_with("not well-formed XML"), "{e}");

        let indicator =
            statement_02().replacen("<CdtDbtInd>DBIT</CdtDbtInd>", "<CdtDbtInd>D</CdtDbtInd>", 1);
        let e = parse_camt053(&indicator).unwrap_err();
        assert_eq!(e.element, "CdtDbtInd", "{e}");

        let no_date = statement_02().replacen("<BookgDt><Dt>2026-11-01</Dt></BookgDt>", "", 1);
        let e = parse_camt053(&no_date).unwrap_err();
        assert!(e.text.to_string().contains("BookgDt is missing"), "{e}");
    }

    #[test]
    fn several_statements_in_one_file() {
        let one = statement_02();
        let start = one.find("<Stmt>").unwrap();
        let end = one.find("</Stmt>").unwrap() + "</Stmt>".len();
        let stmt = &one[start..end];
        let two = one.replace(
            stmt,
            &format!(
                "{stmt}{}",
                stmt.replace("2026-11-01-0001", "2026-11-01-0002")
            ),
        );
        let statements = parse_camt053(&two).unwrap();
        assert_eq!(statements.len(), 2);
        assert_eq!(statements[1].id, "2026-11-01-0002");
    }
}
