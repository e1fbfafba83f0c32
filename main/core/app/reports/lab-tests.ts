// The laboratory tests the LAB form offers by name, with their LOINC codes. The project ships no LOINC table
// (resources/cda/dictionary has none, and the gateway's terminology check does not manage LOINC), so this is a
// short curated list of the tests a clinic laboratory reports most, with Italian names, the usual UCUM unit and the
// LAB section they go in. A code not listed can still be typed (the form accepts any well-formed LOINC code).
export interface LabTest {
  code: string;
  display: string;
  unit?: string;
  /** LAB section (LOINC specialty code). */
  section: string;
}

const CHEM = '18719-5';
const HEMA = '18723-7';
const COAG = '18720-3';
const URINE = '18729-4';
const SERO = '18727-8';
const DIFF = '18768-2';

export const LAB_TESTS: readonly LabTest[] = [
  { code: '2345-7', display: 'Glucosio [massa/volume] nel siero o plasma', unit: 'mg/dL', section: CHEM },
  { code: '4548-4', display: 'Emoglobina glicata (HbA1c) / emoglobina totale nel sangue', unit: '%', section: CHEM },
  { code: '2160-0', display: 'Creatinina [massa/volume] nel siero o plasma', unit: 'mg/dL', section: CHEM },
  { code: '3091-6', display: 'Urea [massa/volume] nel siero o plasma', unit: 'mg/dL', section: CHEM },
  { code: '3094-0', display: 'Azoto ureico (BUN) [massa/volume] nel siero o plasma', unit: 'mg/dL', section: CHEM },
  { code: '3084-1', display: 'Acido urico [massa/volume] nel siero o plasma', unit: 'mg/dL', section: CHEM },
  { code: '2093-3', display: 'Colesterolo totale [massa/volume] nel siero o plasma', unit: 'mg/dL', section: CHEM },
  { code: '2085-9', display: 'Colesterolo HDL [massa/volume] nel siero o plasma', unit: 'mg/dL', section: CHEM },
  { code: '13457-7', display: 'Colesterolo LDL calcolato [massa/volume] nel siero o plasma', unit: 'mg/dL', section: CHEM },
  { code: '2571-8', display: 'Trigliceridi [massa/volume] nel siero o plasma', unit: 'mg/dL', section: CHEM },
  { code: '1742-6', display: 'Alanina aminotransferasi (ALT, GPT) nel siero o plasma', unit: 'U/L', section: CHEM },
  { code: '1920-8', display: 'Aspartato aminotransferasi (AST, GOT) nel siero o plasma', unit: 'U/L', section: CHEM },
  { code: '2324-2', display: 'Gamma-glutamiltransferasi (GGT) nel siero o plasma', unit: 'U/L', section: CHEM },
  { code: '6768-6', display: 'Fosfatasi alcalina nel siero o plasma', unit: 'U/L', section: CHEM },
  { code: '1975-2', display: 'Bilirubina totale [massa/volume] nel siero o plasma', unit: 'mg/dL', section: CHEM },
  { code: '1968-7', display: 'Bilirubina diretta [massa/volume] nel siero o plasma', unit: 'mg/dL', section: CHEM },
  { code: '2885-2', display: 'Proteine totali [massa/volume] nel siero o plasma', unit: 'g/dL', section: CHEM },
  { code: '1751-7', display: 'Albumina [massa/volume] nel siero o plasma', unit: 'g/dL', section: CHEM },
  { code: '2951-2', display: 'Sodio [moli/volume] nel siero o plasma', unit: 'mmol/L', section: CHEM },
  { code: '2823-3', display: 'Potassio [moli/volume] nel siero o plasma', unit: 'mmol/L', section: CHEM },
  { code: '2075-0', display: 'Cloruro [moli/volume] nel siero o plasma', unit: 'mmol/L', section: CHEM },
  { code: '17861-6', display: 'Calcio [massa/volume] nel siero o plasma', unit: 'mg/dL', section: CHEM },
  { code: '2777-1', display: 'Fosfato [massa/volume] nel siero o plasma', unit: 'mg/dL', section: CHEM },
  { code: '19123-9', display: 'Magnesio [massa/volume] nel siero o plasma', unit: 'mg/dL', section: CHEM },
  { code: '2498-4', display: 'Ferro [massa/volume] nel siero o plasma', unit: 'ug/dL', section: CHEM },
  { code: '2276-4', display: 'Ferritina [massa/volume] nel siero o plasma', unit: 'ng/mL', section: CHEM },
  { code: '1988-5', display: 'Proteina C reattiva [massa/volume] nel siero o plasma', unit: 'mg/L', section: CHEM },
  { code: '2532-0', display: 'Lattato deidrogenasi (LDH) nel siero o plasma', unit: 'U/L', section: CHEM },
  { code: '2157-6', display: 'Creatinchinasi (CK) nel siero o plasma', unit: 'U/L', section: CHEM },
  { code: '1798-8', display: 'Amilasi nel siero o plasma', unit: 'U/L', section: CHEM },
  { code: '3040-3', display: 'Lipasi nel siero o plasma', unit: 'U/L', section: CHEM },
  { code: '3016-3', display: 'Tireotropina (TSH) nel siero o plasma', unit: 'm[IU]/L', section: CHEM },
  { code: '3024-7', display: 'Tiroxina libera (FT4) [massa/volume] nel siero o plasma', unit: 'ng/dL', section: CHEM },
  { code: '2857-1', display: 'Antigene prostatico specifico (PSA) nel siero o plasma', unit: 'ng/mL', section: CHEM },
  { code: '718-7', display: 'Emoglobina [massa/volume] nel sangue', unit: 'g/dL', section: HEMA },
  { code: '789-8', display: 'Eritrociti [numero/volume] nel sangue', unit: '10*6/uL', section: HEMA },
  { code: '4544-3', display: 'Ematocrito [frazione di volume] del sangue', unit: '%', section: HEMA },
  { code: '787-2', display: 'Volume corpuscolare medio (MCV)', unit: 'fL', section: HEMA },
  { code: '785-6', display: 'Emoglobina corpuscolare media (MCH)', unit: 'pg', section: HEMA },
  { code: '786-4', display: 'Concentrazione emoglobinica corpuscolare media (MCHC)', unit: 'g/dL', section: HEMA },
  { code: '6690-2', display: 'Leucociti [numero/volume] nel sangue', unit: '10*3/uL', section: HEMA },
  { code: '777-3', display: 'Piastrine [numero/volume] nel sangue', unit: '10*3/uL', section: HEMA },
  { code: '4537-7', display: 'Velocità di eritrosedimentazione (VES), metodo Westergren', unit: 'mm/h', section: HEMA },
  { code: '770-8', display: 'Neutrofili / leucociti nel sangue', unit: '%', section: DIFF },
  { code: '736-9', display: 'Linfociti / leucociti nel sangue', unit: '%', section: DIFF },
  { code: '5905-5', display: 'Monociti / leucociti nel sangue', unit: '%', section: DIFF },
  { code: '713-8', display: 'Eosinofili / leucociti nel sangue', unit: '%', section: DIFF },
  { code: '706-2', display: 'Basofili / leucociti nel sangue', unit: '%', section: DIFF },
  { code: '5902-2', display: 'Tempo di protrombina (PT)', unit: 's', section: COAG },
  { code: '6301-6', display: 'INR (rapporto internazionale normalizzato)', unit: '{INR}', section: COAG },
  { code: '3173-2', display: 'Tempo di tromboplastina parziale attivata (aPTT)', unit: 's', section: COAG },
  { code: '3255-7', display: 'Fibrinogeno [massa/volume] nel plasma', unit: 'mg/dL', section: COAG },
  { code: '5811-5', display: 'Peso specifico delle urine (striscia reattiva)', section: URINE },
  { code: '5803-2', display: 'pH delle urine (striscia reattiva)', unit: '[pH]', section: URINE },
  { code: '5804-0', display: 'Proteine [massa/volume] nelle urine (striscia reattiva)', unit: 'mg/dL', section: URINE },
  { code: '5792-7', display: 'Glucosio [massa/volume] nelle urine (striscia reattiva)', unit: 'mg/dL', section: URINE },
  { code: '5196-1', display: 'Antigene di superficie del virus dell\u2019epatite B (HBsAg) nel siero', section: SERO },
  { code: '16128-1', display: 'Anticorpi anti-virus dell\u2019epatite C (HCV) nel siero', section: SERO },
];
