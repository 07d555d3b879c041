// FieldEditor: one field of a quick entry, with the editor its type asks for and the core's verdict on it
// right below, in red.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    id: editor
    property string name
    property string label
    property string kind     // the editor: choice, multi, text, note, date, datetime, bool, number
    property var choices: []
    property var value
    property string error
    signal edited(var value)
    spacing: 4

    Label {
        visible: editor.kind !== "bool"
        text: editor.label
        font.bold: true
        color: editor.error !== "" ? Theme.danger : Theme.text
    }
    Loader {
        Layout.fillWidth: true
        sourceComponent: editor.kind === "choice" || editor.kind === "multi" ? chipsEditor
                       : editor.kind === "note" ? noteEditor
                       : editor.kind === "bool" ? boolEditor : lineEditor
    }
    Label {
        objectName: "error_" + editor.name
        visible: editor.error !== ""
        text: editor.error
        color: Theme.danger
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
    }

    Component {
        id: chipsEditor
        ChoiceChips {
            field: editor.name
            choices: editor.choices
            value: editor.value
            multiple: editor.kind === "multi"
            onChosen: function (v) { editor.edited(v) }
        }
    }
    Component {
        id: lineEditor
        TextField {
            objectName: "field_" + editor.name
            text: editor.value || ""
            Accessible.name: editor.label
            placeholderText: editor.kind === "date" ? qsTr("dd-mm-yyyy")
                           : editor.kind === "datetime" ? qsTr("dd-mm-yyyy hh:mm") : ""
            inputMethodHints: editor.kind === "number" ? Qt.ImhFormattedNumbersOnly
                            : (editor.kind === "date" || editor.kind === "datetime") ? Qt.ImhPreferNumbers : Qt.ImhNone
            height: Theme.touch
            onTextEdited: editor.edited(text)
        }
    }
    Component {
        id: noteEditor
        TextArea {
            objectName: "field_" + editor.name
            text: editor.value || ""
            Accessible.name: editor.label
            wrapMode: TextEdit.Wrap
            placeholderText: qsTr("Write in the participant's own words where you can.")
            height: Math.max(90, implicitHeight)
            background: Rectangle { border.color: Theme.border; color: Theme.card; radius: 4 }
            onTextChanged: if (activeFocus) editor.edited(text)
            KeyNavigation.priority: KeyNavigation.BeforeItem
            Keys.onTabPressed: nextItemInFocusChain().forceActiveFocus(Qt.TabFocusReason)
        }
    }
    Component {
        id: boolEditor
        CheckBox {
            objectName: "field_" + editor.name
            text: editor.label
            checked: editor.value === true
            onToggled: editor.edited(checked)
        }
    }
}
